import { DomainError } from '@goodpay/shared';
import { type DrawInputs, type DrawOutcome, drawRanking } from './ranking';

/** A round's draw as published: its inputs and the ranking that was recorded. */
export interface PublishedDraw extends DrawInputs {
  entryListHash: string;
  ranking: readonly string[];
}

export interface DrawVerification {
  matches: boolean;
  /** What disagrees, for people: empty when it matches. */
  differences: string[];
  /** The draw recomputed from the published inputs (null when the inputs themselves are invalid). */
  recomputed: DrawOutcome | null;
}

/** Re-runs a published draw from its inputs and compares it with the recorded ranking. */
export function verifyDraw(published: PublishedDraw): DrawVerification {
  let recomputed: DrawOutcome;
  try {
    recomputed = drawRanking(published);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { matches: false, differences: [`the published inputs are invalid: ${error.message} (${error.code})`], recomputed: null };
  }
  const differences: string[] = [];
  if (recomputed.entryListHash !== published.entryListHash) {
    differences.push(`entry list hash: published ${published.entryListHash}, recomputed ${recomputed.entryListHash}`);
  }
  const recorded = Array.isArray(published.ranking) ? published.ranking : [];
  if (recorded.length !== recomputed.ranking.length) {
    differences.push(`ranking length: published ${recorded.length}, recomputed ${recomputed.ranking.length}`);
  }
  const firstDifferent = recomputed.ranking.findIndex((entryId, i) => recorded[i] !== entryId);
  if (firstDifferent >= 0) {
    differences.push(
      `ranking differs from place ${firstDifferent + 1}: published ${recorded[firstDifferent] ?? '(nothing)'}, recomputed ${recomputed.ranking[firstDifferent]}`,
    );
  }
  return { matches: differences.length === 0, differences, recomputed };
}
