/** BullMQ queue on which the worker fetches a frozen round's drand beacons from the configured relay. */
export const RAFFLE_BEACON_QUEUE = 'raffle-beacons';

export interface RaffleBeaconJob {
  campaignId: string;
  round: number;
  correlationId: string;
}

/** One job per round: the freeze causes it once; a job run again finds the beacons recorded. */
export const raffleBeaconJobId = (campaignId: string, round: number): string => `raffle-beacon:${campaignId}:${round}`;
