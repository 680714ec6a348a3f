import { randomBytes } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignDecider, campaignStream, existingCampaign } from '@goodpay/campaign';
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
import { Clock, type Krw, newId } from '@goodpay/shared';
import { monthlyPrepaymentFor, payerMonthDecider } from '../../payer-month/decider';
import { payerMonthStream } from '../../payer-month/events';
import { formatPrepaymentCode } from '../../prepayment-code/prepayment-code';
import { prepaymentDecider } from '../decider';
import { type Payer, type PaymentChannel, type PaymentConfirmation, type PrepaymentMade, prepaymentStream } from '../events';
import { claimCode, claimPaymentConfirmation, paymentConfirmationStream, refuseReusedConfirmation } from './reservations';
import { actorForShop } from './shop-actor';

export interface MakePrepaymentInput {
  campaignId: string;
  merchantId: string;
  amount: Krw;
  channel: PaymentChannel;
  /** Who prepaid: named by the shop at the shop; the caller themself on the platform. */
  payer: Payer;
  paymentConfirmation?: PaymentConfirmation;
}

export class MakePrepaymentCommand extends Command<CommandResult<{ prepaymentId: string; code: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: MakePrepaymentInput,
  ) {
    super();
  }
}

/**
 * Records a prepayment with its code, and for citizens the month's running total, in one
 * transaction: two concurrent prepayments by one citizen cannot both pass the monthly cap.
 */
@CommandHandler(MakePrepaymentCommand)
export class MakePrepaymentHandler implements ICommandHandler<MakePrepaymentCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ context, input }: MakePrepaymentCommand) {
    const prepaymentId = newId();
    try {
      return await this.store.execute(
        async () => {
          const now = this.clock.now().toISOString();
          const [campaign, merchant] = await Promise.all([
            this.store.aggregate(campaignStream(input.campaignId), campaignDecider),
            this.store.aggregate(merchantStream(input.merchantId), merchantDecider),
          ]);
          const organisationAgreementSigned =
            input.payer?.kind === 'organisation'
              ? hasSignedAgreement(
                  (await this.store.aggregate(organisationStream(input.payer.id), organisationDecider)).state,
                  input.campaignId,
                )
              : undefined;
          // A fresh code each attempt: a clash with an existing code fails the append and retries.
          const code = formatPrepaymentCode(randomBytes(8));
          const { events, append } = await decideOnStream(this.store, prepaymentStream(prepaymentId), prepaymentDecider, {
            type: 'MakePrepayment',
            actor: actorForShop(context.actor, merchant.state),
            prepaymentId,
            now,
            code,
            ...input,
            campaign: campaign.state,
            merchant: merchant.state,
            organisationAgreementSigned,
          });
          const made = events[0] as PrepaymentMade;
          if (made.data.paymentConfirmation) await this.refuseKnownConfirmation(made.data.paymentConfirmation);
          const appends: AppendRequest[] = [append, claimCode(code, prepaymentId)];
          if (made.data.paymentConfirmation) {
            const { provider, externalReference } = made.data.paymentConfirmation;
            appends.push(claimPaymentConfirmation(provider, externalReference, prepaymentId));
          }
          const monthly = monthlyPrepaymentFor(made, existingCampaign(campaign.state, input.campaignId).bounds);
          if (monthly) {
            const month = payerMonthStream(monthly.campaignId, monthly.payerId, monthly.month);
            appends.push((await decideOnStream(this.store, month, payerMonthDecider, monthly)).append);
          }
          return { appends, respond: () => ({ prepaymentId, code }) };
        },
        {
          metadata: metadataOf(context),
          idempotency: idempotencyOf(context, 'MakePrepayment', input),
          maxAttempts: 5,
        },
      );
    } catch (error) {
      refuseReusedConfirmation(error);
    }
  }

  /** Saves the retries when the confirmation was used long ago; the append still guards the race. */
  private async refuseKnownConfirmation({ provider, externalReference }: PaymentConfirmation): Promise<void> {
    const { version } = await this.store.readStream(paymentConfirmationStream(provider, externalReference));
    if (version > 0) refuseReusedConfirmation(new WrongExpectedVersionError(paymentConfirmationStream(provider, externalReference), 'no_stream', version));
  }
}
