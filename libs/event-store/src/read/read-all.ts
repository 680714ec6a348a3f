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

/** Whether two places in the global order are the same one. */
export function samePlace(a: GlobalCheckpoint, b: GlobalCheckpoint): boolean {
  return a.transactionId === b.transactionId && a.position === b.position;
}

/** The later of two places in the global order. */
export function laterOf(a: GlobalCheckpoint, b: GlobalCheckpoint): GlobalCheckpoint {
  const [ax, bx] = [BigInt(a.transactionId), BigInt(b.transactionId)];
  if (ax !== bx) return ax > bx ? a : b;
  return BigInt(a.position) >= BigInt(b.position) ? a : b;
}
