import { randomBytes } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignClock, campaignDecider, campaignStream, existingCampaign, isRehearsal } from '@goodpay/campaign';
import {
  type AppendRequest,
  type CommandContext,
  type CommandResult,
  decideOnStream,
  EventStore,
  idempotencyOf,
  metadataOf,
  WrongExpectedVersionError,
} from '@goodpay/event-store';
import { merchantDecider, merchantStream } from '@goodpay/merchant';
import { hasSignedAgreement, organisationDecider, organisationStream } from '@goodpay/participant';
import { Clock, InvalidInputError, type Krw, newId } from '@goodpay/shared';
import { type GatewayCheckout, PaymentConfirmations } from '../../payment-confirmations/payment-confirmations';
import { monthlyPrepaymentFor } from '../../payer-month/decider';
import { monthAppends } from '../../payer-month/month-append';
import { formatPrepaymentCode } from '../../prepayment-code/prepayment-code';
import { prepaymentDecider } from '../decider';
import { type Payer, type PaymentChannel, type PaymentReference, type PrepaymentEvent, prepaymentStream } from '../events';
import { claimCode, claimPaymentConfirmation, paymentConfirmationStream, refuseReusedConfirmation } from './reservations';
import { actorForShop } from './shop-actor';

export interface MakePrepaymentInput {
  campaignId: string;
  merchantId: string;
  amount: Krw;
  channel: PaymentChannel;
  /** Who prepaid: named by the shop at the shop; the caller themself on the platform. */
  payer: Payer;
  /** Platform only: the provider's payment, as the payer names it (confirmed by the server, not believed). */
  paymentConfirmation?: PaymentReference;
}

export class MakePrepaymentCommand extends Command<
  CommandResult<{ prepaymentId: string; code: string; isRehearsal: boolean; checkout?: GatewayCheckout }>
> {
  constructor(
    readonly context: CommandContext,
    readonly input: MakePrepaymentInput,
  ) {
    super();
  }
}

/**
 * Records a prepayment (at the shop) or an order (on the platform) with its code, the payment
 * reference it uses, and for a citizen's order the month's running total, in one transaction:
 * two concurrent prepayments by one citizen cannot both pass the monthly cap, and one payment
 * cannot back two orders. The provider is asked first (PaymentConfirmations): an order it
 * confirms is made at once, any other waits for staff.
 */
@CommandHandler(MakePrepaymentCommand)
export class MakePrepaymentHandler implements ICommandHandler<MakePrepaymentCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly payments: PaymentConfirmations,
  ) {}

  async execute({ context, input: given }: MakePrepaymentCommand) {
    const prepaymentId = newId();
    // A gateway (PortOne) names the order's payment itself: the payer pays that one, through its checkout.
    const checkout =
      given.channel === 'platform' && Number.isSafeInteger(given.amount)
        ? this.payments.checkoutFor({ prepaymentId, amount: given.amount })
        : null;
    if (checkout !== null && given.paymentConfirmation !== undefined) {
      throw new InvalidInputError(
        'the payment gateway names the payment: order without paymentConfirmation, then pay the checkout in the answer',
        { field: 'paymentConfirmation' },
        'payment_named_by_gateway',
      );
    }
    const input: MakePrepaymentInput =
      checkout === null ? given : { ...given, paymentConfirmation: { provider: checkout.provider, externalReference: checkout.paymentId } };
    // Nothing to ask the gateway yet: its payment cannot be paid before the order exists.
    const payment = input.channel === 'platform' && checkout === null ? input.paymentConfirmation : undefined;
    // Asked outside the transaction: a provider's answer is not worth holding a connection for.
    // The decider still checks the reference and the amount that are asked about here.
    const paymentConfirmedByProvider =
      payment !== undefined &&
      typeof payment.provider === 'string' &&
      typeof payment.externalReference === 'string' &&
      Number.isSafeInteger(input.amount) &&
      (await this.payments.confirm(payment.provider.trim(), payment.externalReference.trim(), input.amount)) === 'confirmed';
    try {
      const organisation = input.payer?.kind === 'organisation' ? organisationStream(input.payer.id) : undefined;
      return await this.store.execute(
        async (read) => {
          const [campaign, merchant] = await Promise.all([
            read.aggregate(campaignStream(input.campaignId), campaignDecider),
            read.aggregate(merchantStream(input.merchantId), merchantDecider),
          ]);
          // The campaign's own clock: a rehearsal's prepayments happen on its days.
          const now = campaignClock(campaign.state, this.clock).now().toISOString();
          const organisationAgreementSigned =
            organisation !== undefined
              ? hasSignedAgreement((await read.aggregate(organisation, organisationDecider)).state, input.campaignId)
              : undefined;
          // A fresh code each attempt: a clash with an existing code fails the append and retries.
          const code = formatPrepaymentCode(randomBytes(8));
          const { events, append } = await decideOnStream(read, prepaymentStream(prepaymentId), prepaymentDecider, {
            type: 'MakePrepayment',
            actor: actorForShop(context.actor, merchant.state),
            prepaymentId,
            now,
            code,
            ...input,
            campaign: campaign.state,
            merchant: merchant.state,
            organisationAgreementSigned,
            paymentConfirmedByProvider,
          });
          const first = events[0] as Extract<PrepaymentEvent, { type: 'PrepaymentMade' | 'PrepaymentOrdered' }>;
          const appends: AppendRequest[] = [append, claimCode(code, prepaymentId)];
          if (first.type === 'PrepaymentOrdered') {
            await this.refuseKnownPayment(first.data.payment);
            appends.push(claimPaymentConfirmation(first.data.payment.provider, first.data.payment.externalReference, prepaymentId));
          }
          appends.push(
            ...(await monthAppends(read, monthlyPrepaymentFor(first.data, existingCampaign(campaign.state, input.campaignId).bounds))),
          );
          const rehearsal = isRehearsal(campaign.state);
          return { appends, respond: () => ({ prepaymentId, code, isRehearsal: rehearsal, ...(checkout && { checkout }) }) };
        },
        {
          metadata: metadataOf(context),
          idempotency: idempotencyOf(context, 'MakePrepayment', given),
          maxAttempts: 5,
          // Read with the key's recall, in one round trip: what every prepayment decides on.
          reads: [
            campaignStream(input.campaignId),
            merchantStream(input.merchantId),
            prepaymentStream(prepaymentId),
            ...(organisation ? [organisation] : []),
          ],
        },
      );
    } catch (error) {
      refuseReusedConfirmation(error);
    }
  }

  /** Saves the retries when the payment was used long ago; the append still guards the race. */
  private async refuseKnownPayment({ provider, externalReference }: PaymentReference): Promise<void> {
    const { version } = await this.store.readStream(paymentConfirmationStream(provider, externalReference));
    if (version > 0)
      refuseReusedConfirmation(new WrongExpectedVersionError(paymentConfirmationStream(provider, externalReference), 'no_stream', version));
  }
}
