import type { Period } from '@goodpay/campaign';
import type { PublishedDraw } from '../draw/verify-draw';
import type { RafflePolicy } from '../policy/raffle-policy';
import type { DeclaredSource, QuotaDerivation, RevealedSource, RoundTimeline } from './events';
import type { RaffleRound } from './state';

/** The version of the round document's shape; the verifiers check it. */
export const ROUND_DOCUMENT_FORMAT = 'goodpay-raffle-round/2';

/**
 * What a round shows the public, and all that `raffle:verify` and scripts/verify-draw.mjs need
 * (docs/verify-a-draw.md): its timeline and declared sources (published before it opens), at the
 * freeze the entry count, list hash and Merkle root (before any randomness exists), and once
 * drawn the entries, the source values, key string, quota with its derivation and the ranking.
 * Entry ids only: never a person.
 */
export interface PublishedRound {
  format: typeof ROUND_DOCUMENT_FORMAT;
  campaignId: string;
  /** A rehearsal campaign's round: never a real draw (RehearsalMark in @goodpay/campaign). */
  isRehearsal: boolean;
  round: number;
  status: 'open' | 'frozen' | 'draw_requested' | 'drawn';
  period: Period | null;
  timeline: RoundTimeline | null;
  declaredSources: DeclaredSource[] | null;
  /** The campaign's raffle rules that decide who is in the list and how long prizes and data wait. */
  settings: Omit<RafflePolicy, 'waitingListSize'> | null;
  entryListHash: string | null;
  frozen: { frozenAt: string; entryCount: number; entryListHash: string; merkleRoot: string | null; excludedEarlierWinners: number } | null;
  draw:
    | (PublishedDraw & {
        sources: RevealedSource[];
        winners: number;
        keyString: string;
        quotaDerivation: QuotaDerivation | null;
        requestedAt: string | null;
        drawnAt: string;
      })
    | null;
}

export interface RoundPublication {
  period: Period | null;
  policy: RafflePolicy | null;
  /** Whether the campaign is a rehearsal (`isRehearsal` of its state): the document says so. */
  isRehearsal: boolean;
}

export function publishedRound(
  campaignId: string,
  round: number,
  state: RaffleRound,
  publication: RoundPublication = { period: null, policy: null, isRehearsal: false },
): PublishedRound {
  const status = state.draw ? 'drawn' : state.drawRequest ? 'draw_requested' : state.frozen ? 'frozen' : 'open';
  const { draw, frozen } = state;
  const policy = publication.policy;
  return {
    format: ROUND_DOCUMENT_FORMAT,
    campaignId,
    isRehearsal: publication.isRehearsal,
    round,
    status,
    period: publication.period,
    timeline: state.timeline,
    declaredSources: state.randomness,
    settings: policy
      ? {
          excludeEarlierWinners: policy.excludeEarlierWinners,
          confirmationDeadlineDays: policy.confirmationDeadlineDays,
          personalDataRetentionDays: policy.personalDataRetentionDays,
        }
      : null,
    entryListHash: frozen?.entryListHash ?? null,
    frozen: frozen
      ? {
          frozenAt: frozen.frozenAt,
          entryCount: frozen.entryCount ?? frozen.entries.length,
          entryListHash: frozen.entryListHash,
          merkleRoot: frozen.merkleRoot ?? null,
          excludedEarlierWinners: frozen.excludedEarlierWinners,
        }
      : null,
    draw:
      draw && frozen
        ? {
            entries: frozen.entries,
            sources: draw.sources,
            quota: draw.quota,
            quotaDerivation: draw.quotaDerivation ?? null,
            waitingListSize: draw.waitingListSize,
            entryListHash: draw.entryListHash,
            ranking: draw.ranking,
            winners: draw.winners,
            keyString: draw.keyString,
            requestedAt: state.requestedAt,
            drawnAt: draw.drawnAt,
          }
        : null,
  };
}
