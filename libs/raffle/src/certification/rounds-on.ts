import type { RaffleRound as CampaignRound } from '@goodpay/campaign';

/**
 * The round a prepayment counts for: the one whose Seoul dates hold the day it was paid
 * (rounds never overlap), or null when that day is in none of them.
 */
export function roundOn(rounds: readonly CampaignRound[], seoulDay: string): number | null {
  return rounds.find((round) => round.startsOn <= seoulDay && seoulDay <= round.endsOn)?.number ?? null;
}
