import { reactorOf } from '@goodpay/event-store';
import type { RaffleRoundEvent } from '../round/events';
import { RAFFLE_DRAW_QUEUE, type RaffleDrawJob, raffleDrawJobId } from './raffle-draw-queue';

export const RAFFLE_DRAWS = 'raffle-draws';

/**
 * A triggered draw becomes its job: one per round (the job id), recorded in the outbox with
 * the reactor's checkpoint, so a trigger's draw is never lost between the commit and Redis, and
 * a job run twice draws once (the round stream refuses a second draw).
 */
export const raffleDrawReactor = () =>
  reactorOf<RaffleRoundEvent>()({
    name: RAFFLE_DRAWS,
    eventTypes: ['RaffleDrawRequested'],
    react: (events) =>
      events.map(({ id, data, metadata }) => ({
        queue: RAFFLE_DRAW_QUEUE,
        name: 'draw',
        jobId: raffleDrawJobId(data.campaignId, data.round),
        data: { campaignId: data.campaignId, round: data.round, correlationId: metadata.correlationId } satisfies RaffleDrawJob,
        options: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnFail: false },
        causedBy: id,
      })),
  });
