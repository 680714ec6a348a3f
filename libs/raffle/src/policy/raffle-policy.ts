/**
 * Raffle rules the campaign does not carry (yet): the raffle context keeps them, with the
 * defaults below, until campaigns let staff set them.
 */
export interface RafflePolicy {
  /** A person who won an earlier round of the campaign does not enter later rounds. */
  excludeEarlierWinners: boolean;
  /** Alternates ranked after the winners when a pool is too large (> 65,536) to rank whole. */
  waitingListSize: number;
  /** Days a winner has to confirm before forfeiting to the next on the waiting list. */
  confirmationDeadlineDays: number;
  /** Days after the campaign's last round after which everyone's personal data is destroyed. */
  personalDataRetentionDays: number;
}

export const DEFAULT_RAFFLE_POLICY: RafflePolicy = {
  excludeEarlierWinners: true,
  waitingListSize: 1_000,
  confirmationDeadlineDays: 14,
  personalDataRetentionDays: 180,
};
