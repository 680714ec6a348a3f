import { InvalidInputError, type Krw } from '@goodpay/shared';

/** The places (winners) a campaign's raffle budget pays for: budget / prize, whole prizes only. */
export function totalPlaces(budget: Krw, prize: Krw): number {
  if (!Number.isSafeInteger(prize) || prize <= 0 || !Number.isSafeInteger(budget) || budget < 0) {
    throw new InvalidInputError('the raffle needs a positive prize and a budget >= 0', { budget, prize }, 'invalid_raffle_amounts');
  }
  return Math.floor(budget / prize);
}

export interface QuotaQuestion {
  /** Places the budget pays for in the whole campaign. */
  totalPlaces: number;
  /** Places already given to the rounds drawn before. */
  placesAllotted: number;
  /** The round being drawn (1-based) and how many rounds the campaign now has. */
  round: number;
  rounds: number;
}

/**
 * The places of a round: what is left, shared evenly among this round and the ones after it
 * (the last round takes all that is left). A round that filled fewer places than its quota
 * leaves them in "what is left", so unused places roll forward. Decided at draw time from
 * what earlier draws really allotted, so extending the campaign with new rounds never
 * changes a round already drawn. 150 places over 3 rounds: 50, 50, 50; if round 1 only has
 * 20 entries: 20, then 65, 65.
 */
export function roundQuota({ totalPlaces: total, placesAllotted, round, rounds }: QuotaQuestion): number {
  if (!Number.isSafeInteger(round) || round < 1 || round > rounds) {
    throw new InvalidInputError(`round ${round} is not one of the campaign's ${rounds} rounds`, { round, rounds }, 'round_not_found');
  }
  const left = Math.max(0, total - placesAllotted);
  const roundsLeft = rounds - round + 1;
  return roundsLeft === 1 ? left : Math.floor(left / roundsLeft);
}
