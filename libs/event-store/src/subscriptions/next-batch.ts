import type { Sql } from '../sql/sql';
import type { RecordedEvent } from '../events/event';
import type { EventSchemas } from '../events/event-schemas';
import { type EventRow, toRecordedEvent } from '../events/event-row';
import type { GlobalCheckpoint } from '../read/read-all';

/** A consumer's next batch, and where its checkpoint may move (moved already unless asked not to). */
export interface NextBatch {
  /** Where the checkpoint stood: the batch lies after it. */
  after: GlobalCheckpoint;
  /**
   * Where the checkpoint stands now: after the batch's last event when the batch is full;
   * otherwise at the last event below the horizon, whatever its type (the read saw all of its
   * own events there; others' events are passed without being read).
   */
  passed: GlobalCheckpoint;
  /** Events of its types in (after, passed]. */
  count: number;
  /** Those events, in the gap-safe order (none when asked for the range alone). */
  events: RecordedEvent[];
  /**
   * Events of its types were committed beyond the horizon (behind an older open transaction):
   * read again soon. Exact when the batch is short; a full batch says nothing of it.
   */
  hidden: boolean;
}

type BatchRow = EventRow & {
  after_transaction_id: string;
  after_position: string;
  passed_transaction_id: string;
  passed_position: string;
  batch_count: number;
  hidden: boolean;
};

/** The statement that starts a batch (bench/consumer-costs.ts finds its time by it). */
export const NEXT_BATCH_STATEMENT = `SELECT * FROM consumer_next_batch($1, $2, $3, $4, $5, $6)`;

/**
 * Starts a batch of consumer `name` in the caller's transaction, in one round trip
 * (consumer_next_batch, see its migration): takes its lock (a batch of the same consumer
 * elsewhere waits until this transaction ends), reads up to `limit` events of `types` after its
 * checkpoint in the gap-safe order, and moves the checkpoint past them; the caller applies them
 * before it commits, and a failure rolls both back. `rows: false` for a consumer that reads the
 * range (after, passed] from the log itself: only where it ends and how many events it holds.
 * `move: false` leaves the checkpoint to the caller (saveCheckpoint to `passed` after its work):
 * for one that must take locks before its transaction's first write. `metadata: false` (a
 * projection) leaves each event's metadata out but for its `traceparent`, the batch's span's link.
 */
export async function nextBatch(
  sql: Sql,
  schemas: EventSchemas,
  name: string,
  limit: number,
  types: readonly string[],
  { rows: withRows, move = true, metadata = true }: { rows: boolean; move?: boolean; metadata?: boolean },
): Promise<NextBatch> {
  const { rows } = await sql.query<BatchRow>(
    NEXT_BATCH_STATEMENT,
    [name, limit, types, withRows, move, metadata],
    'goodpay_consumer_next_batch_6',
  );
  // The batch's figures are on the first row, one without an event; the events follow, without them.
  const [first] = rows;
  return {
    after: { transactionId: first.after_transaction_id, position: first.after_position },
    passed: { transactionId: first.passed_transaction_id, position: first.passed_position },
    count: first.batch_count,
    events: rows.filter((row) => row.event_id !== null).map((row) => toRecordedEvent(row, schemas)),
    hidden: first.hidden,
  };
}
