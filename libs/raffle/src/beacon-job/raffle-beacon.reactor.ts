import { reactorOf } from '@goodpay/event-store';
import type { RaffleRoundEvent } from '../round/events';
import { RAFFLE_BEACON_QUEUE, type RaffleBeaconJob, raffleBeaconJobId } from './raffle-beacon-queue';

export const RAFFLE_BEACONS = 'raffle-beacons';

/**
 * A frozen round's drand beacons are fetched by the worker: the freeze becomes a job through the
 * outbox. The round is produced a few seconds after the freeze and a relay may be down, so the
 * job retries with backoff (about two hours in all) and then stays visible in the failed set;
 * staff can always paste the signature instead. A round with no drand source ends its job at once.
 */
export const raffleBeaconReactor = () =>
  reactorOf<RaffleRoundEvent>()({
    name: RAFFLE_BEACONS,
    eventTypes: ['RaffleEntryListFrozen'],
    react: (events) =>
      events.map(({ id, data, metadata }) => ({
        queue: RAFFLE_BEACON_QUEUE,
        name: 'fetch-beacons',
        jobId: raffleBeaconJobId(data.campaignId, data.round),
        data: { campaignId: data.campaignId, round: data.round, correlationId: metadata.correlationId } satisfies RaffleBeaconJob,
        options: { attempts: 12, backoff: { type: 'exponential', delay: 2000 }, removeOnFail: false },
        causedBy: id,
      })),
  });
