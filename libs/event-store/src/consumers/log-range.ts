import type { GlobalCheckpoint } from '../read/read-all';
import type { Sql } from '../sql/sql';

/**
 * The stretch of the log a batch holds: every event of the consumer's types after `after`, up
 * to and with `upTo`, in the gap-safe order (transaction id, position). `upTo` lies below the
 * horizon of the batch's read, so the stretch is closed: no event can still appear in it.
 */
export interface LogRange {
  after: GlobalCheckpoint;
  upTo: GlobalCheckpoint;
  /**
   * A live batch's short range, whose transaction the runner set up with planShortRangesOnce:
   * its statements may be named (rangeStatementName), each planned once per connection. Absent
   * for a catch-up's or a rebuild's range, whose statements are planned for their size each time.
   */
  planOnce?: true;
}

/**
 * A range of at most this many events is a live batch's: its statements are planned once per
 * connection, for a few events. A larger one (a backlog, a rebuild) is planned each time: its
 * joins are hashed over thousands of rows, not looped.
 */
export const SHORT_RANGE_EVENTS = 100;

/**
 * Sets the caller's transaction up for a short range's named statements: a generic plan, kept
 * for the connection's life, made with index probes and nested loops only.
 *
 * Why: the balances' range statement took 2.3 ms to plan and 1 to 2 ms to run on a live batch
 * of ten events, and its four companions 0.25 ms each to plan; planning was two thirds of the
 * projection's database time under a command load (docs/performance.md, session 12).
 *
 * Why these settings: a generic plan is made without the range's values and kept until the
 * tables' definitions or statistics change, so it must be right whatever the tables hold when
 * it is made: a partition made ahead and still empty, a read model of a few rows at start. With
 * sequential scans, hash and merge joins off, every table is reached through an index by the
 * range's few keys, and stays so however large it grows; a short range's CTEs are joined by
 * loops over a hundred rows at most. Every (re)planning of those statements happens under these
 * settings: the names are used only in transactions that made them.
 */
export async function planShortRangesOnce(sql: Sql): Promise<void> {
  await sql.query(
    `SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL enable_seqscan = off;
     SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off`,
  );
}

/** The name to prepare a range's statement under: only in a short range's transaction (see planShortRangesOnce). */
export function rangeStatementName(range: LogRange, name: string): string | undefined {
  return range.planOnce ? name : undefined;
}

/**
 * SQL true for the rows of `events e` in the range: parameters $1..$4 (rangeParams), the rest
 * of the first transaction, the transactions between, the start of the last one.
 *
 * Not as two row comparisons: PostgreSQL estimates `(transaction_id, global_position) > (t, p)` as
 * `transaction_id > t` alone, which inside one large transaction (an import, a long outage of
 * the worker) is "no rows"; the statements' joins were then planned as nested loops over a
 * range of thousands of events (a range of 100,000 took minutes, see docs/performance.md).
 * Stated by column, the range is estimated from both columns' statistics. The comparisons of
 * parameters alone are constants in a plan made for the values: a range within one transaction
 * is one branch.
 *
 * A short range's generic plan knows no values, so it gets the transactions' bounds as well:
 * index conditions on every partition (the branches alone are an OR, which an index scan cannot
 * take: a plan made while a partition was empty read all its events of the types, once full).
 * Not for the other ranges: the bounds and the branches, estimated as independent, would
 * multiply to a tenth of a large range's rows. Within those bounds, a short range that starts
 * in a transaction of many events (the first batch after an import) walks all of that
 * transaction's events of its types, once.
 */
export function inRange(range: LogRange): string {
  const bounds = range.planOnce ? `e.transaction_id >= $1::xid8 AND e.transaction_id <= $3::xid8 AND ` : '';
  return `${bounds}(
      (e.transaction_id = $1::xid8 AND e.global_position > $2::bigint
        AND ($1::xid8 < $3::xid8 OR e.global_position <= $4::bigint))
      OR (e.transaction_id > $1::xid8 AND e.transaction_id < $3::xid8)
      OR (e.transaction_id = $3::xid8 AND $1::xid8 < $3::xid8 AND e.global_position <= $4::bigint)
    )`;
}

/** The range's bounds as inRange's parameters $1..$4. */
export const rangeParams = (range: LogRange): string[] => [
  range.after.transactionId,
  range.after.position,
  range.upTo.transactionId,
  range.upTo.position,
];
