import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@goodpay/event-store';
import {
  ApproveRefundCommand,
  CancelOrderCommand,
  CancelRedemptionCommand,
  CheckGatewayPaymentCommand,
  ClaimPrepaymentCommand,
  ConfirmPaymentCommand,
  MakePrepaymentCommand,
  type Payer,
  RecordCounterRefundCommand,
  RedeemPrepaymentCommand,
  RequestRefundCommand,
  KeepBalanceCommand,
} from '@goodpay/prepayment';
import { InvalidInputError } from '@goodpay/shared';
import { Authenticated } from '../auth/authenticated';
import { Problems } from '../openapi/answers';
import { Command, CreatingCommand } from '../http/command-context';
import { IdParam, ApiNotFound } from '../http/http-params';
import { accepted, CommandAccepted } from '../http/read-after';
import {
  ClaimPrepaymentDto,
  ConfirmPaymentDto,
  GatewayPaymentCheckResponse,
  MakePrepaymentDto,
  PrepaymentClaimedResponse,
  PrepaymentMadeResponse,
  RedeemDto,
  RedemptionResponse,
} from './prepayment.dto';

@ApiTags('prepayments')
@Controller('prepayments')
export class PrepaymentCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Authenticated('citizen', 'organisation', 'merchant')
  @ApiOperation({
    operationId: 'makePrepayment',
    summary: 'Prepay at a shop',
    description:
      'At the shop, the shop records it and names the payer, who claims it with its code (POST /prepayments/claims) before it counts for them. ' +
      'On the platform, the citizen or organisation orders it naming their payment; it is redeemable once the server confirms that payment ' +
      '(status awaiting_payment until then). Needs an Idempotency-Key.',
  })
  @ApiCreatedResponse({ type: PrepaymentMadeResponse })
  @Problems({
    400: ['payer_required', 'payment_confirmation_required', 'payment_named_by_gateway'],
    403: ['not_the_payer'],
    404: ['campaign_not_found', 'merchant_not_found'],
    422: [
      'campaign_not_active',
      'merchant_not_approved',
      'amount_below_minimum',
      'amount_above_maximum',
      'organisation_agreement_missing',
      'monthly_limit_exceeded',
      'prepayment_already_exists',
      'payment_already_recorded',
    ],
    503: ['payment_gateway_unavailable'],
  })
  async make(@CreatingCommand() context: CommandContext, @Body() body: MakePrepaymentDto) {
    const payer: Payer | undefined =
      body.channel === 'platform' ? { id: context.actor.id, kind: context.actor.role as Payer['kind'] } : body.payer;
    if (!payer) throw new InvalidInputError('a prepayment at the shop names its payer', { field: 'payer' }, 'payer_required');
    const { payer: _named, paymentConfirmation, ...rest } = body;
    const input = { ...rest, payer, ...(paymentConfirmation && { paymentConfirmation: { ...paymentConfirmation } }) };
    return accepted(await this.commands.execute(new MakePrepaymentCommand(context, input)));
  }

  @Post('claims')
  @HttpCode(200)
  @Authenticated('citizen', 'organisation')
  @ApiOperation({
    operationId: 'claimPrepayment',
    summary: 'Claim a prepayment made for you at the shop, with the code the shop handed you (the payer it named)',
    description:
      'From then on it counts for you: wallet, monthly limit, raffle. Claiming again answers the same. A code that is unknown, not made out to you, or claimed by someone else answers 404 prepayment_code_not_found alike.',
  })
  @ApiOkResponse({ type: PrepaymentClaimedResponse })
  @Problems({ 404: ['prepayment_code_not_found'], 422: ['monthly_limit_exceeded', 'campaign_not_active'] })
  async claim(@Command() context: CommandContext, @Body() body: ClaimPrepaymentDto) {
    return accepted(await this.commands.execute(new ClaimPrepaymentCommand(context, body.code)));
  }

  @Post(':id/payment-confirmation')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'confirmPrepaymentPayment',
    summary: "Confirm a platform order's payment from the provider's statement (staff; audited as the event's actor)",
    description: 'The amount read on the statement must be the order amount. Confirming again answers the same.',
  })
  @ApiOkResponse({ type: CommandAccepted })
  @Problems({
    404: ['prepayment_not_found'],
    422: ['payment_amount_mismatch', 'no_payment_to_confirm', 'order_cancelled', 'payment_already_confirmed'],
  })
  async confirmPayment(@Command() context: CommandContext, @IdParam('id') id: string, @Body() body: ConfirmPaymentDto) {
    return accepted(await this.commands.execute(new ConfirmPaymentCommand(context, id, body.amount)));
  }

  @Post(':id/payment-check')
  @HttpCode(200)
  @Authenticated('citizen', 'organisation', 'staff')
  @ApiOperation({
    operationId: 'checkPrepaymentPayment',
    summary: "Ask the server to check the order's payment with the payment gateway (its payer, or staff), after paying its checkout",
    description:
      'The server fetches the payment from the gateway: paid as ordered, the order is made (status active); not paid yet, it stays awaiting_payment. ' +
      'A payment of another amount, currency or store is refused (payment_amount_mismatch, payment_currency_mismatch, payment_store_mismatch) and changes nothing. ' +
      "Checking again, or racing the gateway's webhook, records it once.",
  })
  @ApiOkResponse({ type: GatewayPaymentCheckResponse })
  @Problems({
    404: ['prepayment_not_found'],
    422: ['payment_amount_mismatch', 'payment_currency_mismatch', 'payment_store_mismatch', 'no_payment_to_confirm', 'order_cancelled'],
    503: ['payment_gateway_unavailable'],
  })
  async checkPayment(@Command() context: CommandContext, @IdParam('id') id: string) {
    return accepted(await this.commands.execute(new CheckGatewayPaymentCommand(context, id)));
  }

  @Post(':id/order-cancellation')
  @HttpCode(200)
  @Authenticated('citizen', 'organisation', 'staff')
  @ApiOperation({
    operationId: 'cancelPrepaymentOrder',
    summary: 'Give up a platform order whose payment was never confirmed (its payer, or staff)',
    description:
      "Its amount comes back to the payer's monthly limit. Cancelling again answers the same; a confirmed one is refunded instead.",
  })
  @ApiOkResponse({ type: CommandAccepted })
  @Problems({ 404: ['prepayment_not_found'], 422: ['no_payment_to_cancel', 'payment_already_confirmed'] })
  async cancelOrder(@Command() context: CommandContext, @IdParam('id') id: string) {
    return accepted(await this.commands.execute(new CancelOrderCommand(context, id)));
  }

  @Post(':id/redemptions')
  @Authenticated('merchant')
  @ApiOperation({
    operationId: 'redeemPrepayment',
    summary: 'Redeem part of the balance on a visit (the shop only; needs an Idempotency-Key)',
  })
  @ApiCreatedResponse({ type: RedemptionResponse })
  @Problems({
    404: ['prepayment_not_found'],
    422: [
      'insufficient_balance',
      'payment_not_confirmed',
      'prepayment_refunded',
      'refund_pending',
      'already_refunded',
      'campaign_not_active',
      'merchant_not_approved',
    ],
  })
  async redeem(@CreatingCommand() context: CommandContext, @IdParam('id') id: string, @Body() body: RedeemDto) {
    return accepted(await this.commands.execute(new RedeemPrepaymentCommand(context, id, body.amount)));
  }

  @Post(':id/redemptions/:redemptionId/cancel')
  @HttpCode(200)
  @Authenticated('merchant')
  @ApiOperation({ operationId: 'cancelRedemption', summary: 'Cancel a redemption made today, Seoul time (the shop only)' })
  @ApiOkResponse({ type: RedemptionResponse })
  @Problems({ 404: ['prepayment_not_found', 'redemption_not_found'], 422: ['redemption_already_cancelled', 'redemption_not_cancellable'] })
  async cancel(@Command() context: CommandContext, @IdParam('id') id: string, @IdParam('redemptionId') redemptionId: string) {
    return accepted(await this.commands.execute(new CancelRedemptionCommand(context, id, redemptionId)));
  }

  @Post(':id/refund-request')
  @HttpCode(200)
  @Authenticated('citizen', 'organisation')
  @ApiOperation({
    operationId: 'requestPrepaymentRefund',
    summary: 'Ask for the unused balance back (the payer; the standard terms decide)',
  })
  @ApiOkResponse({ type: CommandAccepted })
  @Problems({
    404: ['prepayment_not_found'],
    422: [
      'refund_already_requested',
      'refund_not_allowed',
      'nothing_to_refund',
      'already_refunded',
      'payment_not_confirmed',
      'not_the_payer',
    ],
  })
  async requestRefund(@Command() context: CommandContext, @IdParam('id') id: string) {
    return accepted(await this.commands.execute(new RequestRefundCommand(context, id)));
  }

  @Post(':id/keep-after-campaign')
  @HttpCode(200)
  @Authenticated('citizen', 'organisation')
  @ApiOperation({
    operationId: 'keepBalanceAfterCampaign',
    summary: "Keep using the balance after the campaign's end (the payer, where the campaign's terms allow)",
    description:
      'The answer to the campaign-end offer; the other answer is POST /prepayments/:id/refund-request (basis campaign_ended). ' +
      'campaign_not_ended before the offer, keep_not_allowed where the terms only refund. Answering again answers the same.',
  })
  @ApiOkResponse({ type: CommandAccepted })
  @ApiNotFound('prepayment')
  @Problems({ 422: ['campaign_not_ended', 'keep_not_allowed'] })
  async keepAfterCampaign(@Command() context: CommandContext, @IdParam('id') id: string) {
    return accepted(await this.commands.execute(new KeepBalanceCommand(context, id)));
  }

  @Post(':id/refund-approval')
  @HttpCode(200)
  @Authenticated('merchant', 'staff')
  @ApiOperation({ operationId: 'approvePrepaymentRefund', summary: "Approve a requested refund (the prepayment's shop, or staff)" })
  @ApiOkResponse({ type: CommandAccepted })
  @Problems({ 404: ['prepayment_not_found'], 422: ['no_refund_requested', 'already_refunded'] })
  async approveRefund(@Command() context: CommandContext, @IdParam('id') id: string) {
    return accepted(await this.commands.execute(new ApproveRefundCommand(context, id)));
  }

  @Post(':id/refund-paid-at-counter')
  @HttpCode(200)
  @Authenticated('merchant', 'staff')
  @ApiOperation({
    operationId: 'recordCounterRefund',
    summary: "Record that the shop paid an at-shop prepayment's approved refund at its counter (the prepayment's shop, or staff)",
    description:
      "A platform prepayment's refund is cancelled at its payment gateway instead (refund_returned_by_gateway). Recording again answers the same.",
  })
  @ApiOkResponse({ type: CommandAccepted })
  @Problems({ 404: ['prepayment_not_found'], 422: ['no_refund_requested', 'not_refunded', 'refund_returned_by_gateway'] })
  async refundPaidAtCounter(@Command() context: CommandContext, @IdParam('id') id: string) {
    return accepted(await this.commands.execute(new RecordCounterRefundCommand(context, id)));
  }
}
