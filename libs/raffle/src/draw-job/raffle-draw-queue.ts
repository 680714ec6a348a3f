/** BullMQ queue on which the worker runs raffle draws. */
export const RAFFLE_DRAW_QUEUE = 'raffle-draws';

export interface RaffleDrawJob {
  campaignId: string;
  round: number;
  correlationId: string;
}

/**
 * One job id per campaign round: a double trigger adds one job while it waits or runs, and a
 * job that runs again finds the draw recorded and draws nothing (the round stream decides).
 */
export const raffleDrawJobId = (campaignId: string, round: number): string => `raffle-draw:${campaignId}:${round}`;
