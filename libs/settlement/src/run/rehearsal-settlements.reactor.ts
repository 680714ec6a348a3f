import type { RehearsalClockAdvanced } from '@goodpay/campaign';
import { reactorOf } from '@goodpay/event-store';
import { SETTLE_REHEARSAL, type SettleRehearsalJob, SETTLEMENT_QUEUE } from './settlement-queue';

export const SETTLEMENT_REHEARSALS = 'settlement-rehearsals';

/**
 * A rehearsal's clock moved on (by days or weeks at once): its settlement days that are now
 * over are run, in order, as the daily run does for the real ones. One job per move, through
 * the outbox; the run is idempotent per day, so a repeated job settles nothing twice.
 */
export const rehearsalSettlementsReactor = () =>
  reactorOf<RehearsalClockAdvanced>()({
    name: SETTLEMENT_REHEARSALS,
    eventTypes: ['RehearsalClockAdvanced'],
    react: (events) =>
      events.map((event) => ({
        queue: SETTLEMENT_QUEUE,
        name: SETTLE_REHEARSAL,
        jobId: `settle-rehearsal.${event.data.campaignId}.${event.id}`,
        data: { campaignId: event.data.campaignId } satisfies SettleRehearsalJob,
        options: { attempts: 5, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: 100, removeOnFail: 1_000 },
        causedBy: event.id,
      })),
  });
