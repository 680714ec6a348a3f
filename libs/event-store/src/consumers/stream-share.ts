/**
 * One of `of` shares of the log's streams: the streams whose id hashes to `index`. Every stream
 * lies in exactly one share, so the shares of a range, applied each on a connection of its own,
 * together apply each of its events once, and each stream's events in their order. A rebuild
 * hands them to a range projection that declares `splitsByStream` (see RangeProjection).
 */
export interface StreamShare {
  readonly index: number;
  readonly of: number;
}

/** The `count` shares of the streams, every stream in one of them. */
export function streamShares(count: number): StreamShare[] {
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`streams are shared among a positive whole number, not ${count}`);
  return Array.from({ length: count }, (_, index) => ({ index, of: count }));
}

/**
 * SQL that is true for the rows whose stream lies in `share`; true for every row without one.
 * `streamKey` is an SQL expression naming the row's stream, the same value for an event and for
 * the read-model rows its stream writes (a prepayment's id, say, in its events' data and as its
 * rows' key). The hash is PostgreSQL's own (hashtext), its sign bit dropped so that every key
 * lands in one share. The share's numbers are checked whole and in range, so they can stand in
 * the text (constants the planner folds).
 */
export function inStreamShare(streamKey: string, share: StreamShare | undefined): string {
  if (share === undefined) return 'true';
  const { index, of } = share;
  if (!Number.isSafeInteger(of) || of < 1 || !Number.isSafeInteger(index) || index < 0 || index >= of) {
    throw new Error(`no share ${index} of ${of}`);
  }
  return `(hashtext(${streamKey}) & 2147483647) % ${of} = ${index}`;
}
