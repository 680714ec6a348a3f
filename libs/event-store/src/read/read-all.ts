import type { Sql } from '../sql/sql';
import type { RecordedEvent } from '../events/event';
import type { EventSchemas } from '../events/event-schemas';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from '../events/event-row';

/**
 * A place in the global order: the writing transaction's id, then the event's position.
 *
 * Why not the position alone: positions come from a sequence when a row is inserted, but
 * rows become visible when their transaction commits. A transaction can take position 7,
 * stay open, while another takes 8 and commits: a reader that saw 8 and remembered "8"
 * would never see 7. So we order by (transaction id, position) and read only events whose
 * transaction is older than the oldest one still running, pg_snapshot_xmin of the current
 * snapshot. Every transaction below that horizon has ended, so nothing can later appear
 * before a place we have passed: no event is skipped, and all are read in one fixed order.
 * The price: one long transaction anywhere holds readers back until it ends.
 */
export interface GlobalCheckpoint {
  transactionId: string;
  position: string;
}

export const START: GlobalCheckpoint = { transactionId: '0', position: '0' };

export const checkpointOf = (event: Pick<RecordedEvent, 'transactionId' | 'globalPosition'>): GlobalCheckpoint => ({
  transactionId: event.transactionId,
  position: event.globalPosition,
});

/** Reads up to `limit` events after `after`, in the gap-safe global order. */
export async function readAll(sql: Sql, schemas: EventSchemas, after: GlobalCheckpoint, limit: number): Promise<RecordedEvent[]> {
  const { rows } = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY transaction_id, global_position
     LIMIT $3`,
    [after.transactionId, after.position, limit],
  );
  return rows.map((row) => toRecordedEvent(row, schemas));
}

/**
 * True when any committed event lies after `after`, readable or not. A catch-up asks this
 * after its last batch: an event still hidden behind an older open transaction counts, and
 * so does one whose transaction ended since the batch was read. Asking only for hidden
 * events would miss the second kind: with the new snapshot it is no longer hidden, yet unread.
 */
export async function hasUnreadEvents(sql: Sql, after: GlobalCheckpoint): Promise<boolean> {
  const { rows } = await sql.query<{ unread: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
     ) AS unread`,
    [after.transactionId, after.position],
  );
  return rows[0].unread;
}

/** What one consumer's read found, and how far the log has been read for it. */
export interface TypedRead {
  events: RecordedEvent[];
  /**
   * Where the consumer may put its checkpoint: after its last event when the batch is full;
   * otherwise at the last event below the horizon of the same snapshot, whatever its type,
   * since the read saw all of its own events there: others' events are passed without being read.
   */
  passed: GlobalCheckpoint;
  /**
   * Events of its types were committed beyond the horizon (behind an older open transaction):
   * read again soon. Exact when the batch is short; a full batch says nothing of it.
   */
  hidden: boolean;
}

/**
 * Reads up to `limit` events of `types` after `after`, in the gap-safe global order, filtered
 * in SQL: one ordered index range per type (event_positions_after), merged, so a consumer reads
 * only its events, and one that handles none of a million new events reads none of them. The
 * horizon comes from the same statement's snapshot, which is what makes `passed` safe.
 */
export async function readTypesAfter(
  sql: Sql,
  schemas: EventSchemas,
  after: GlobalCheckpoint,
  limit: number,
  types: readonly string[],
): Promise<TypedRead> {
  const { rows } = await sql.query<EventRow & { last_transaction_id: string | null; last_position: string | null; hidden: boolean }>(
    `WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
     ${NEXT_OF_TYPES}
     SELECT last.transaction_id::text AS last_transaction_id, last.global_position::text AS last_position,
            (${HIDDEN_OF_TYPES}) AS hidden, e.*
     FROM h
     LEFT JOIN LATERAL (${LAST_BELOW_HORIZON}) last ON true
     -- By position, each row an index probe (a join with the batch was hashed over a scan of the whole log).
     LEFT JOIN LATERAL (
       SELECT ${EVENT_COLUMNS} FROM events WHERE global_position = ANY (ARRAY(SELECT global_position FROM batch))
     ) e ON true
     ORDER BY e.transaction_id, e.global_position`,
    [after.transactionId, after.position, limit, types],
  );
  const found = rows.filter((row) => row.event_id !== null);
  const events = found.map((row) => toRecordedEvent(row, schemas));
  const { last_transaction_id: lastTx, last_position: lastPosition, hidden } = rows[0];
  if (events.length === limit) return { events, passed: checkpointOf(events[events.length - 1]), hidden };
  // Every event of its types below the horizon has been read, and nothing can appear there any
  // more: the checkpoint may pass the last event below it, whatever its type.
  if (lastTx === null || lastPosition === null) return { events, passed: after, hidden };
  return { events, passed: laterOf(after, { transactionId: lastTx, position: lastPosition }), hidden };
}

/** What a read of a range found: how many events of the types it holds, and where it ends. */
export interface TypedRange {
  count: number;
  /**
   * As TypedRead.passed: the range (after, passed] holds exactly the `count` events of the
   * types the read found, and the checkpoint may move to `passed` once they are applied.
   */
  passed: GlobalCheckpoint;
  /** As TypedRead.hidden. */
  hidden: boolean;
}

/**
 * As readTypesAfter, for a consumer that reads its events from the table itself (a
 * RangeProjection): finds where the next batch of up to `limit` events of `types` ends, and
 * how many it holds, without taking a single row out of PostgreSQL (only the order index).
 */
export async function readRangeAfter(sql: Sql, after: GlobalCheckpoint, limit: number, types: readonly string[]): Promise<TypedRange> {
  const { rows } = await sql.query<{
    count: number;
    batch_transaction_id: string | null;
    batch_position: string | null;
    last_transaction_id: string | null;
    last_position: string | null;
    hidden: boolean;
  }>(
    `WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
     ${NEXT_OF_TYPES}
     SELECT (SELECT count(*)::int FROM batch) AS count,
            b.transaction_id::text AS batch_transaction_id, b.global_position::text AS batch_position,
            last.transaction_id::text AS last_transaction_id, last.global_position::text AS last_position,
            (${HIDDEN_OF_TYPES}) AS hidden
     FROM h
     LEFT JOIN LATERAL (${LAST_BELOW_HORIZON}) last ON true
     LEFT JOIN LATERAL (SELECT * FROM batch ORDER BY transaction_id DESC, global_position DESC LIMIT 1) b ON true`,
    [after.transactionId, after.position, limit, types],
  );
  const [
    {
      count,
      batch_transaction_id: batchTx,
      batch_position: batchPosition,
      last_transaction_id: lastTx,
      last_position: lastPosition,
      hidden,
    },
  ] = rows;
  if (count === limit && batchTx !== null && batchPosition !== null)
    return { count, passed: { transactionId: batchTx, position: batchPosition }, hidden };
  if (lastTx === null || lastPosition === null) return { count, passed: after, hidden };
  return { count, passed: laterOf(after, { transactionId: lastTx, position: lastPosition }), hidden };
}

/** The last event below the horizon `h.xmin`, whatever its type. */
const LAST_BELOW_HORIZON = `SELECT transaction_id, global_position FROM events
       WHERE transaction_id < h.xmin
       ORDER BY transaction_id DESC, global_position DESC
       LIMIT 1`;

/**
 * Two named subqueries for a WITH after `h`: `next`, the places of the first $3 events of each
 * of the types $4 after ($1, $2), whatever the horizon (one index range per type, planned once
 * per connection: see the migration that makes event_positions_after); and `batch`, the first
 * $3 of them below the horizon `h.xmin`, in order. A type's events beyond the horizon come
 * after all of its events below it, so each type's first $3 below the horizon are among its
 * first $3: `batch` is exact.
 */
const NEXT_OF_TYPES = `next AS MATERIALIZED (
       SELECT p.event_transaction_id AS transaction_id, p.event_position AS global_position
       FROM event_positions_after($1::xid8, $2::bigint, $3::int, $4::text[], NULL) p
     ),
     batch AS MATERIALIZED (
       SELECT next.transaction_id, next.global_position FROM next, h
       WHERE next.transaction_id < h.xmin
       ORDER BY 1, 2
       LIMIT $3
     )`;

/**
 * Whether an event of the types $4 lies at or beyond the horizon: committed by a transaction
 * newer than one still open, so hidden from this read. From the same walk as the batch: when
 * the batch is short, every type had fewer than $3 events below the horizon, so `next` holds
 * each type's first event beyond it, if any. (When the batch is full the answer may be no
 * where it is yes; a full batch is followed by another read anyway, and nothing asks then.)
 * A scalar subquery that names no column of the outer rows: one run per statement.
 */
const HIDDEN_OF_TYPES = `SELECT EXISTS (SELECT 1 FROM next, h WHERE next.transaction_id >= h.xmin)`;

/** The later of two places in the global order. */
export function laterOf(a: GlobalCheckpoint, b: GlobalCheckpoint): GlobalCheckpoint {
  const [ax, bx] = [BigInt(a.transactionId), BigInt(b.transactionId)];
  if (ax !== bx) return ax > bx ? a : b;
  return BigInt(a.position) >= BigInt(b.position) ? a : b;
}
