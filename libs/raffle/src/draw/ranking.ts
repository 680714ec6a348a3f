import { InvalidInputError } from '@goodpay/shared';
import { frozenEntryList } from './entry-list';
import { keyString, MAX_SELECTIONS, type RandomnessSource, selectIndices } from './rfc3797';

/** What a round publishes before its draw: everything needed to re-run it. */
export interface DrawInputs {
  /** Entry ids (any order: they are put in canonical order first). */
  entries: readonly string[];
  sources: readonly RandomnessSource[];
  /** Winners wanted (the round's quota of places). */
  quota: number;
  /** Alternates ranked after the winners when the pool is too large to rank whole. */
  waitingListSize: number;
}

export interface DrawOutcome {
  entryListHash: string;
  keyString: string;
  poolSize: number;
  /** Winners actually drawn: the quota, or the whole pool if it is smaller. */
  winners: number;
  /** Entry ids in selection order: the winners first, then the ordered waiting list. */
  ranking: string[];
}

/**
 * How many entries a draw ranks: the whole pool while the RFC's 2-byte counter allows it
 * (65,536), otherwise the winners and the waiting list.
 */
export function rankedCount(poolSize: number, quota: number, waitingListSize: number): number {
  if (poolSize <= MAX_SELECTIONS) return poolSize;
  const wanted = Math.min(poolSize, quota + waitingListSize);
  if (wanted > MAX_SELECTIONS) {
    throw new InvalidInputError(
      `a draw can rank at most ${MAX_SELECTIONS} entries (quota ${quota} + waiting list ${waitingListSize})`,
      { quota, waitingListSize },
      'waiting_list_too_long',
    );
  }
  return wanted;
}

function wholeNumber(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(`${field} must be a whole number >= 0`, { field, value }, 'invalid_draw_inputs');
  }
  return value;
}

/** The draw: canonical entry list, RFC 3797 key string and selection, ranking. Pure. */
export function drawRanking(inputs: DrawInputs): DrawOutcome {
  const quota = wholeNumber(inputs.quota, 'quota');
  const waitingListSize = wholeNumber(inputs.waitingListSize, 'waitingListSize');
  const { order, entryListHash } = frozenEntryList(inputs.entries);
  const key = keyString(inputs.sources);
  const poolSize = order.length;
  const indices = selectIndices(key, poolSize, rankedCount(poolSize, quota, waitingListSize));
  return {
    entryListHash,
    keyString: key,
    poolSize,
    winners: Math.min(quota, poolSize),
    ranking: indices.map((index) => inputs.entries[order[index]]),
  };
}
