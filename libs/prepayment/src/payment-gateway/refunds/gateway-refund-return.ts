import { Injectable, Logger } from '@nestjs/common';
import { EventStore } from '@goodpay/event-store';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { CampaignClocks } from '@goodpay/campaign';
import { prepaymentDecider } from '../../prepayment/decider';
import { prepaymentStream, refundIdOf } from '../../prepayment/events';
import { onPrepayment } from '../../prepayment/handlers/prepayment-command';
import { GatewayRefunds } from '../gateway-refunds';

export type RefundReturnOutcome = 'returned' | 'already_returned' | 'not_through_gateway';

/**
 * Returns one approved refund through the payment gateway, and records the gateway's
 * cancellation on the prepayment (RefundCancelledAtGateway). Safe to run again at any point:
 * a refund already recorded as returned is not sent again; one cancelled at the gateway but not
 * yet recorded (a crash in between) is found among the payment's cancellations by the adapter
 * and only recorded; the decider records it once.
 */
@Injectable()
export class GatewayRefundReturn {
  private readonly logger = new Logger('GatewayRefunds');

  constructor(
    private readonly store: EventStore,
    private readonly refunds: GatewayRefunds,
    private readonly clocks: CampaignClocks,
  ) {}

  async returnRefund(prepaymentId: string, correlationId: string): Promise<RefundReturnOutcome> {
    const { state } = await this.store.aggregate(prepaymentStream(prepaymentId), prepaymentDecider);
    if (state.status === 'none' || state.refund === null) throw new Error(`prepayment ${prepaymentId} has no approved refund`);
    if (state.refund.returnedBy !== null) return 'already_returned';
    const payment = state.payment;
    if (state.channel !== 'platform' || payment === null || !this.refunds.handles(payment.provider)) return 'not_through_gateway';
    const refundId = refundIdOf(prepaymentId);
    const cancellation = await this.refunds.cancel({
      provider: payment.provider,
      paymentId: payment.externalReference,
      refundId,
      amount: state.refund.payout,
    });
    await onPrepayment(
      this.store,
      { actor: SYSTEM_ACTOR, correlationId },
      prepaymentId,
      async (prepayment) => ({
        type: 'RecordGatewayRefund',
        actor: SYSTEM_ACTOR,
        prepaymentId,
        // The prepayment's campaign's clock: a rehearsal's refund is dated on its own days.
        now: await this.clocks.now(prepayment.campaignId),
        provider: payment.provider,
        paymentId: payment.externalReference,
        ...cancellation,
      }),
      () => ({ prepaymentId }),
    );
    this.logger.log(`refund ${refundId} of ${cancellation.amount} won was cancelled at the gateway (${cancellation.cancellationId})`);
    return 'returned';
  }
}
