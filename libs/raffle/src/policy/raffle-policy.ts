import type { Campaign, RaffleRules } from '@goodpay/campaign';

/**
 * The raffle rules of a campaign: those it was created with (campaign settings, published in
 * every round document), and the waiting list's size, which only matters past 65,536 entries.
 */
export interface RafflePolicy extends RaffleRules {
  /** Alternates ranked after the winners when a pool is too large (> 65,536) to rank whole. */
  waitingListSize: number;
}

export const WAITING_LIST_SIZE = 1_000;

export function rafflePolicyOf(campaign: Campaign): RafflePolicy {
  const { excludeEarlierWinners, confirmationDeadlineDays, personalDataRetentionDays } = campaign.raffle;
  return { excludeEarlierWinners, confirmationDeadlineDays, personalDataRetentionDays, waitingListSize: WAITING_LIST_SIZE };
}
