import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { canSeeReceipt, DonationQueries, renderReceiptHtml, renderReceiptPdf, TaxReceiptDocuments } from '@goodpay/donation';
import { type Actor, NotVisibleError } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { ApiNotFound, IdParam } from '../http/http-params';
import { ReadAfterQuery } from '../http/read-after';
import { CashbackReportsQuery, ChestLedgerQuery, FiguresQuery, NtsFileQuery, ReceiptQuery } from './donation.dto';
import { Answers, AnswersFile } from '../openapi/answers';
import {
  CashbackReportResponse,
  ChestLedgerResponse,
  DonationFiguresResponse,
  DonationReceiptResponse,
  DonorDonationsResponse,
  ReceiptSummaryResponse,
} from './donation-views.dto';

/**
 * A donor's donations and receipts, the community chest's book (staff) and the public figures.
 * Who may read a receipt is decided in @goodpay/donation (canSeeReceipt); to anyone else it is a 404.
 */
@ApiTags('donations')
@Controller()
export class DonationQueriesController {
  constructor(
    private readonly queries: DonationQueries,
    private readonly documents: TaxReceiptDocuments,
  ) {}

  @Get('donation-receipts/nts-file')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'getNtsDonationReceiptFile',
    summary:
      "The year's file for the National Tax Service (기부금영수증 발급명세): fixed-width CP949 records in goodpay's own layout, docs/donations.md; not checked against an NTS-published layout, none being public (staff; reads are audited)",
  })
  @AnswersFile(['text/plain'], 'fixed-width EUC-KR records: header, one per receipt, one per gift, totals')
  async ntsFile(@CurrentActor() actor: Actor, @Query() { year }: NtsFileQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.documents.ntsFile(year, actor);
    void reply
      .header('content-type', 'text/plain; charset=euc-kr')
      .header('content-disposition', `attachment; filename="donation-receipts-${year}.txt"`)
      .header('x-content-type-options', 'nosniff')
      // Resident registration numbers: never kept by a cache on the way.
      .header('cache-control', 'no-store');
    return file;
  }

  @Get('me/donations')
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'listMyDonations',
    summary:
      "The caller's cashback donations, newest first, with their total and what awaits a receipt, and the gifts pending or refused against the card issuer's figures",
  })
  @Answers(DonorDonationsResponse)
  myDonations(@CurrentActor() actor: Actor, @Query() { after }: ReadAfterQuery) {
    return this.queries.donationsOf({ type: 'citizen', id: actor.id }, after);
  }

  @Get('me/donation-receipts')
  @Authenticated('citizen', 'merchant')
  @ApiOperation({
    operationId: 'listMyDonationReceipts',
    summary: "The caller's donation receipts (a merchant: those of the shops they own), newest first",
  })
  @Answers(ReceiptSummaryResponse, { isArray: true })
  myReceipts(@CurrentActor() actor: Actor, @Query() { after }: ReadAfterQuery) {
    return this.queries.receiptsFor(actor, after);
  }

  @Get('donation-receipts/:id')
  @Authenticated()
  @ApiOperation({
    operationId: 'getDonationReceipt',
    summary:
      'A donation receipt as JSON, as a printable page (?format=html) or as the official form in PDF (?format=pdf) (its donor, staff)',
  })
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  @ApiNotFound('donation_receipt')
  @Answers(DonationReceiptResponse, { description: 'the receipt (JSON), or with ?format=html a printable page (text/html)' })
  async receipt(
    @CurrentActor() actor: Actor,
    @IdParam('id') id: string,
    @Query() { after, format }: ReceiptQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const stored = await this.queries.receipt(id, after);
    const { merchantOwnerId, tax, ...receipt } = stored;
    if (!canSeeReceipt(actor, { type: receipt.donorType, id: receipt.donorId }, merchantOwnerId))
      throw new NotVisibleError('donation_receipt', id);
    if (format === undefined || format === 'json')
      return { ...receipt, maskedRrn: tax?.maskedRrn ?? null, typeCode: tax?.typeCode ?? null };
    const document = await this.documents.document(stored, actor);
    if (format === 'pdf') {
      void reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="donation-receipt-${receipt.receiptNumber}.pdf"`)
        .header('cache-control', 'private, no-store');
      return renderReceiptPdf(document);
    }
    void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'private, no-store');
    return renderReceiptHtml(receipt, document.recipient, document);
  }

  @Get('cashback-reports')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'listCashbackReports',
    summary:
      "Cashback gifts decided against the card issuer's figures: pending (waiting for a figure, the default), donated or refused (staff)",
  })
  @Answers(CashbackReportResponse, { isArray: true })
  cashbackReports(@Query() { status = 'pending', after }: CashbackReportsQuery) {
    return this.queries.cashbackReports({ status }, after);
  }

  @Get('community-chest/ledger')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'getCommunityChestLedger',
    summary: "The community chest's book: what it received (cashback, pledges) and disbursed, each entry with the balance after it (staff)",
  })
  @Answers(ChestLedgerResponse)
  ledger(@Query() { after, limit, offset }: ChestLedgerQuery) {
    return this.queries.chestLedger({ limit, offset }, after);
  }

  @Get('donations/figures')
  @ApiOperation({
    operationId: 'getDonationFigures',
    summary: 'Public figures: donations by month and by kind of donor, and the top donation-angel merchants by public name',
  })
  @Answers(DonationFiguresResponse)
  figures(@Query() { year }: FiguresQuery) {
    return this.queries.figures(year);
  }
}
