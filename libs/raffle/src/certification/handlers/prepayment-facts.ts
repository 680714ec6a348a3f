import { EventStore } from '@goodpay/event-store';
import { prepaymentDecider, prepaymentStream } from '@goodpay/prepayment';
import { isUuid } from '@goodpay/shared';
import type { PrepaymentFacts } from '../commands';

/**
 * An in-system prepayment as its own stream tells it, folded with the prepayment context's
 * decider: the raffle never reads another context's tables. Null when there is none.
 */
export async function prepaymentFacts(store: EventStore, prepaymentId: string): Promise<PrepaymentFacts | null> {
  if (!isUuid(prepaymentId)) return null;
  const { state } = await store.aggregate(prepaymentStream(prepaymentId), prepaymentDecider);
  if (state.status === 'none') return null;
  return {
    prepaymentId,
    payer: state.payer,
    campaignId: state.campaignId,
    amount: state.amount,
    paidAt: state.paidAt,
    refunded: state.status === 'refunded',
    paymentConfirmed: state.status !== 'awaiting_payment',
  };
}
