import { Injectable, Logger } from '@nestjs/common';
import { type AppendRequest, type CommandContext, type CommandResult, EventStore, metadataOf } from '@goodpay/event-store';
import { NotFoundError, NotVisibleError, RuleViolationError } from '@goodpay/shared';
import { CampaignClocks } from '@goodpay/campaign';
import { isPaymentMismatch, type PaymentCheck, PaymentConfirmations } from '../../payment-confirmations/payment-confirmations';
import { prepaymentDecider } from '../../prepayment/decider';
import { prepaymentStream } from '../../prepayment/events';
import { evolvePrepayment, type PrepaymentStatus } from '../../prepayment/state';
import {
  PAYMENT_CONFIRMATION_RECORDED,
  type PaymentConfirmationRecorded,
  paymentConfirmationStream,
} from '../../prepayment/handlers/reservations';
import { WebhookReplayedError } from '../portone/portone-webhooks';

/** How often deciding again after losing a race (the twin webhook or check committed first). */
const ATTEMPTS_ON_CONFLICT = 10;

export interface GatewayPaymentAnswer {
  prepaymentId: string;
  status: PrepaymentStatus;
}

/** The webhook whose receipt is written with what it changed, once (webhook-receipts.ts). */
export interface WebhookGuard {
  streamId: string;
  receipt: AppendRequest;
}

/**
 * The one way a gateway's payment becomes a prepayment, for the payer's "check my payment" and
 * the gateway's webhook alike: ask the gateway (never the client or the webhook's body), and
 * record the order as made only when the payment is paid as ordered. Both racing record it
 * once: each appends at the version it read, and the loser decides again on the made order,
 * which changes nothing.
 */
@Injectable()
export class GatewayPaymentRecorder {
  private readonly logger = new Logger('GatewayPayments');

  constructor(
    private readonly store: EventStore,
    private readonly clocks: CampaignClocks,
    private readonly payments: PaymentConfirmations,
  ) {}

  /** The order a payment was reserved for, or null when it backs none (another shop's, a test). */
  async orderOfPayment(provider: string, paymentId: string): Promise<string | null> {
    const { events } = await this.store.readStream(paymentConfirmationStream(provider, paymentId));
    const recorded = events.find((event) => event.type === PAYMENT_CONFIRMATION_RECORDED);
    return recorded ? (recorded.data as PaymentConfirmationRecorded['data']).prepaymentId : null;
  }

  async recordIfPaid(context: CommandContext, prepaymentId: string, webhook?: WebhookGuard): Promise<CommandResult<GatewayPaymentAnswer>> {
    const { state } = await this.store.aggregate(prepaymentStream(prepaymentId), prepaymentDecider);
    if (state.status === 'none') throw new NotFoundError('prepayment', prepaymentId);
    const { actor } = context;
    const payer = state.payer;
    const asPayer = payer !== null && actor.role === payer.kind && actor.id === payer.id;
    if (!asPayer && actor.role !== 'staff' && actor.role !== 'system') throw new NotVisibleError('prepayment', prepaymentId);
    if (state.payment === null) {
      throw new RuleViolationError('no_payment_to_confirm', `prepayment ${prepaymentId} was paid at the shop`);
    }
    // Asked outside the transaction: a gateway's answer is not worth holding a connection for.
    const check: PaymentCheck = state.paymentConfirmed
      ? 'confirmed'
      : await this.payments.confirm(state.payment.provider, state.payment.externalReference, state.amount);
    if (isPaymentMismatch(check)) {
      this.logger.warn(`refused the payment of order ${prepaymentId}: its ${check.mismatch} is not the order's`);
      throw new RuleViolationError(`payment_${check.mismatch}_mismatch`, `the payment's ${check.mismatch} is not the order's`, {
        expected: check.expected,
        paid: check.actual,
      });
    }
    return this.store.execute(
      async () => {
        if (webhook && (await this.store.readStream(webhook.streamId)).version > 0) {
          throw new WebhookReplayedError(String((webhook.receipt.events[0]?.data as { webhookId?: string }).webhookId));
        }
        const { state: current, version } = await this.store.aggregate(prepaymentStream(prepaymentId), prepaymentDecider);
        // Paid on the campaign's clock: a rehearsal's order is made on its own day (webhook or check alike).
        const now = await this.clocks.now(state.campaignId);
        const events =
          check === 'confirmed'
            ? prepaymentDecider.decide({ type: 'RecordGatewayPayment', actor, prepaymentId, amount: state.amount, now }, current)
            : [];
        const after = events.reduce(evolvePrepayment, current);
        const appends: AppendRequest[] = [{ streamId: prepaymentStream(prepaymentId), expectedVersion: version, events }];
        if (webhook) appends.push(webhook.receipt);
        const status = after.status === 'none' ? 'awaiting_payment' : after.status;
        return { appends, respond: () => ({ prepaymentId, status }) };
      },
      { metadata: metadataOf(context), maxAttempts: ATTEMPTS_ON_CONFLICT },
    );
  }
}
