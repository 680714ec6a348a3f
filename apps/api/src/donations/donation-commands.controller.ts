import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CancelReceiptCommand,
  DisburseFromChestCommand,
  DonateCashbackCommand,
  ImportCashbackFiguresCommand,
  ReissueReceiptCommand,
  RequestTaxReceiptCommand,
  RunReceiptsCommand,
} from '@goodpay/donation';
import type { CommandContext } from '@goodpay/event-store';
import { Authenticated } from '../auth/authenticated';
import { RateLimit } from '../rate-limit/rate-limits';
import { Command, CreatingCommand } from '../http/command-context';
import { accepted, CommandAccepted } from '../http/read-after';
import { ApiNotFound, IdParam } from '../http/http-params';
import { readResultUpload } from '../payouts/result-upload';
import {
  CashbackFiguresForm,
  CashbackImportAccepted,
  DisbursementAccepted,
  DisburseDto,
  DonateCashbackDto,
  DonationAccepted,
  ReceiptChangeAccepted,
  ReceiptChangeDto,
  ReceiptRunDto,
  RequestTaxReceiptDto,
  TaxReceiptAccepted,
} from './donation.dto';
import { Problems } from '../openapi/answers';

@ApiTags('donations')
@Controller()
export class DonationCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('donations')
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'donate',
    summary: 'Give local-currency cashback to the community chest (the citizen; needs an Idempotency-Key)',
    description:
      "CASHBACK_FIGURES=imported: never more than the card issuer's imported figure for the card and month, counting its earlier gifts (422 donation_exceeds_cashback); " +
      'without a figure yet the gift is pending (status) until staff import one. self-reported: never more than the cashback reported. ' +
      "Only the card's last 4 digits are kept.",
  })
  @ApiCreatedResponse({ type: DonationAccepted })
  @Problems({ 400: ['invalid_card_reference'], 422: ['donation_exceeds_cashback'] })
  @Problems({ 400: ['card_number_required'] })
  async donate(@CreatingCommand() context: CommandContext, @Body() body: DonateCashbackDto) {
    return accepted(await this.commands.execute(new DonateCashbackCommand(context, { ...body })));
  }

  @Post('me/donation-receipts')
  @RateLimit('runs')
  @HttpCode(200)
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'requestTaxReceipt',
    summary:
      "Ask for the year's tax receipt (기부금 영수증): every account of the verified person on one receipt (the citizen; needs an Idempotency-Key)",
    description:
      'At the first request send taxIdentity with agreed=true (legal name, resident registration number, address): sealed in the personal-data vault, ' +
      'shown masked. 422 consent_required, tax_identity_required; 400 invalid_resident_registration_number; 403 identity_verification_required ' +
      'where VERIFIED_IDENTITY_REQUIRED. receipt is null when every donation of the year is on a receipt already. Read it as PDF: GET /donation-receipts/:id?format=pdf.',
  })
  @ApiOkResponse({ type: TaxReceiptAccepted })
  @Problems({ 400: ['invalid_legal_name', 'invalid_resident_registration_number', 'consent_required'], 422: ['tax_identity_required'] })
  async requestTaxReceipt(@CreatingCommand() context: CommandContext, @Body() body: RequestTaxReceiptDto) {
    return accepted(
      await this.commands.execute(
        new RequestTaxReceiptCommand(context, { year: body.year, taxIdentity: body.taxIdentity && { ...body.taxIdentity } }),
      ),
    );
  }

  @Post('donation-receipts/:id/reissue')
  @HttpCode(200)
  @Authenticated('citizen', 'staff')
  @ApiOperation({
    operationId: 'reissueDonationReceipt',
    summary:
      "Reissue a tax receipt with the donor's current tax identity: same number, same donations; recorded as an event (its donor, staff)",
    description: '422 receipt_cancelled, tax_identity_required.',
  })
  @ApiOkResponse({ type: ReceiptChangeAccepted })
  @ApiNotFound('donation_receipt')
  @Problems({ 400: ['not_a_tax_receipt'], 422: ['receipt_cancelled'] })
  async reissue(@Command() context: CommandContext, @IdParam('id') id: string, @Body() { reason }: ReceiptChangeDto) {
    return accepted(await this.commands.execute(new ReissueReceiptCommand(context, { receiptId: id, reason })));
  }

  @Post('donation-receipts/:id/cancel')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'cancelDonationReceipt',
    summary: 'Cancel a tax receipt: recorded as an event, its donations await a receipt again (staff)',
    description: 'Cancelling again changes nothing. 422 not_a_tax_receipt.',
  })
  @ApiOkResponse({ type: ReceiptChangeAccepted })
  @ApiNotFound('donation_receipt')
  @Problems({ 400: ['not_a_tax_receipt'], 422: ['receipt_cancelled'] })
  async cancel(@Command() context: CommandContext, @IdParam('id') id: string, @Body() { reason }: ReceiptChangeDto) {
    return accepted(await this.commands.execute(new CancelReceiptCommand(context, { receiptId: id, reason })));
  }

  @Post('cashback-figures')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'importCashbackFigures',
    summary: "Import the card issuer's monthly cashback file (staff; multipart `file`, CSV; needs an Idempotency-Key)",
    description:
      'Each card and month gets its figure; gifts waiting for it are then decided in the order reported (given within the figure, refused beyond it). ' +
      'A file with a bad row is refused whole (400 invalid_cashback_file, rows named) and changes nothing; the same file again changes nothing.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CashbackFiguresForm })
  @ApiOkResponse({ type: CashbackImportAccepted })
  @Problems({ 400: ['multipart_required', 'unknown_field', 'invalid_cashback_file'] })
  async importCashbackFigures(@CreatingCommand() context: CommandContext, @Req() request: FastifyRequest) {
    const bytes = await readResultUpload(request);
    return accepted(await this.commands.execute(new ImportCashbackFiguresCommand(context, bytes)));
  }

  @Post('community-chest/disbursements')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'disburseCommunityChest',
    summary: 'Give money from the community chest to a welfare project, never more than its balance (staff; needs an Idempotency-Key)',
  })
  @ApiCreatedResponse({ type: DisbursementAccepted })
  @Problems({ 422: ['insufficient_chest_balance'] })
  async disburse(@CreatingCommand() context: CommandContext, @Body() body: DisburseDto) {
    return accepted(await this.commands.execute(new DisburseFromChestCommand(context, { ...body })));
  }

  @Post('donation-receipts/runs')
  @RateLimit('runs')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'runDonationReceipts',
    summary: "Issue receipts for a year's donations not on a receipt yet: every donor, or one (staff)",
    description: 'Safe to repeat and to run at once: a second run issues nothing, and numbers never skip or repeat.',
  })
  @ApiOkResponse({ type: CommandAccepted })
  async run(@Command() context: CommandContext, @Body() { year, donorType, donorId }: ReceiptRunDto) {
    const donor = donorType !== undefined && donorId !== undefined ? { type: donorType, id: donorId } : undefined;
    return accepted(await this.commands.execute(new RunReceiptsCommand(context, { year, donor })));
  }
}
