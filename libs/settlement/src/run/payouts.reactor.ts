import { reactorOf } from '@goodpay/event-store';
import type { ResolvedSettlementOptions } from '../options/settlement-options';
import type { PayoutEvent } from '../payout/events';
import { PAY_OUT, type PayOutJob, payOutJobId, SETTLEMENT_QUEUE } from './settlement-queue';

export const SETTLEMENT_PAYOUTS = 'settlement-payouts';

/**
 * A scheduled payout (round 1, appended with its settlement) and each staff retry (a new
 * round) become a pay-out job, recorded in the outbox with the reactor's checkpoint: a payout
 * is never left unqueued by a crash after the commit or a Redis loss, and the job checks the
 * payout's stream, so running it twice pays once. A round that fails for good stays failed in
 * the queue, visible, until staff retry it.
 */
export const payoutsReactor = (options: Pick<ResolvedSettlementOptions, 'payoutAttempts' | 'payoutBackoffMs'>) =>
  reactorOf<PayoutEvent>()({
    name: SETTLEMENT_PAYOUTS,
    eventTypes: ['PayoutScheduled', 'PayoutRetried'],
    react: (events) =>
      events.map((event) => {
        const round = event.type === 'PayoutRetried' ? event.data.round : 1;
        const { settlementId } = event.data;
        return {
          queue: SETTLEMENT_QUEUE,
          name: PAY_OUT,
          jobId: payOutJobId(settlementId, round),
          data: { settlementId, round } satisfies PayOutJob,
          options: {
            attempts: options.payoutAttempts,
            backoff: { type: 'exponential', delay: options.payoutBackoffMs },
            removeOnFail: false,
          },
          causedBy: event.id,
        };
      }),
  });
