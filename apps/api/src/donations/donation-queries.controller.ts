import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { canSeeReceipt, DONATION_OPTIONS, DonationQueries, renderReceiptHtml, type ResolvedDonationOptions } from '@goodpay/donation';
import { type Actor, NotVisibleError } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { ApiNotFound, IdParam } from '../http/http-params';
import { ReadAfterQuery } from '../http/read-after';
import { ChestLedgerQuery, FiguresQuery, ReceiptQuery } from './donation.dto';
import { Answers } from '../openapi/answers';
import {
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
    @Inject(DONATION_OPTIONS) private readonly options: ResolvedDonationOptions,
  ) {}

  @Get('me/donations')
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'listMyDonations',
    summary: "The caller's cashback donations, newest first, with their total and what awaits a receipt",
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
    summary: 'A donation receipt as JSON, or as a printable page with ?format=html (its donor, staff)',
  })
  @ApiProduces('application/json', 'text/html')
  @ApiNotFound('donation_receipt')
  @Answers(DonationReceiptResponse, { description: 'the receipt (JSON), or with ?format=html a printable page (text/html)' })
  async receipt(
    @CurrentActor() actor: Actor,
    @IdParam('id') id: string,
    @Query() { after, format }: ReceiptQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { merchantOwnerId, ...receipt } = await this.queries.receipt(id, after);
    if (!canSeeReceipt(actor, { type: receipt.donorType, id: receipt.donorId }, merchantOwnerId))
      throw new NotVisibleError('donation_receipt', id);
    if (format !== 'html') return receipt;
    void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'private, no-store');
    return renderReceiptHtml(receipt, this.options.chest);
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
