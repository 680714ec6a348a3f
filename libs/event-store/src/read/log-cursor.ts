import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { checkOutConnection } from '../sql/sql';
import type { RecordedEvent } from '../events/event';
import type { EventSchemas } from '../events/event-schemas';
import { EVENT_COLUMNS, EVENT_COLUMNS_WITHOUT_METADATA, type EventRow, toRecordedEvent } from '../events/event-row';
import { type GlobalCheckpoint, laterOf } from './read-all';

/**
 * A whole stretch of the log read through one server-side cursor: a rebuild's bulk, or its
 * raw replay. One statement, one plan, one pass over the ordered indexes of every partition,
 * fetched a batch at a time, instead of a new query (and a new descent of every partition's
 * index) per batch as a consumer's batch does.
 *
 * It runs in a REPEATABLE READ READ ONLY transaction on a connection of its own: the horizon
 * is fixed once, by the transaction's snapshot, and a read-only transaction takes no xid, so
 * it holds back no consumer's horizon however long it reads. Its snapshot does hold back
 * VACUUM's cleanup of dead rows while it is open, as any long read does.
 */
export interface LogCursor {
  /** Where the log was cut: every event of the types before it is read by the cursor, none after. */
  readonly horizon: string;
  /**
   * Where a reader that has applied every batch may put its checkpoint: the last event below
   * the horizon, whatever its type (nothing can appear before it any more), or `after`.
   */
  readonly end: GlobalCheckpoint;
  /**
   * The next events in the gap-safe order (transaction id, position), at most `count` (the
   * cursor's batch size unless given); fewer only once read through, and then empty after.
   */
  next(count?: number): Promise<RecordedEvent[]>;
  /** Ends the transaction and gives the connection back; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens a cursor over the events of `types` after `after`, below the horizon of this moment;
 * `metadata: false` reads each event's metadata as a consumer that reads none is given it.
 */
export async function openLogCursor(
  dataSource: DataSource,
  schemas: EventSchemas,
  after: GlobalCheckpoint,
  types: readonly string[],
  batchSize: number,
  { metadata = true }: { metadata?: boolean } = {},
): Promise<LogCursor> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new Error(`a cursor's batch size is a positive whole number, not ${batchSize}`);
  const { client, done } = await checkOutConnection(dataSource);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // The first statement fixes the snapshot: the horizon and the last event under it come from it.
    const { rows } = await client.query<{ horizon: string; transaction_id: string | null; position: string | null }>(
      `WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
       SELECT h.xmin::text AS horizon, last.transaction_id::text AS transaction_id, last.global_position::text AS position
       FROM h LEFT JOIN LATERAL (
         SELECT transaction_id, global_position FROM events WHERE transaction_id < h.xmin
         ORDER BY transaction_id DESC, global_position DESC LIMIT 1
       ) last ON true`,
    );
    const [{ horizon, transaction_id: lastTx, position: lastPosition }] = rows;
    // A cursor is planned for its first rows (cursor_tuple_fraction): a merge of the
    // partitions' ordered indexes, not a sort of the whole log before the first row.
    await client.query(
      `DECLARE log_cursor NO SCROLL CURSOR FOR
       SELECT ${metadata ? EVENT_COLUMNS : EVENT_COLUMNS_WITHOUT_METADATA} FROM events
       WHERE type = ANY($1::text[])
         AND (transaction_id, global_position) > ($2::xid8, $3::bigint)
         AND transaction_id < $4::xid8
       ORDER BY transaction_id, global_position`,
      [types, after.transactionId, after.position, horizon],
    );
    const end = lastTx === null || lastPosition === null ? after : laterOf(after, { transactionId: lastTx, position: lastPosition });
    return new PgLogCursor(client, done, schemas, horizon, end, batchSize);
  } catch (error) {
    const broken = await client.query('ROLLBACK').then(
      () => undefined,
      (rollbackError: Error) => rollbackError,
    );
    done(broken);
    throw error;
  }
}

class PgLogCursor implements LogCursor {
  private closed = false;
  private done = false;

  constructor(
    private readonly client: PoolClient,
    /** Gives the connection back (closed if it failed). */
    private readonly giveBack: (failure?: Error) => void,
    private readonly schemas: EventSchemas,
    readonly horizon: string,
    readonly end: GlobalCheckpoint,
    private readonly batchSize: number,
  ) {}

  async next(count = this.batchSize): Promise<RecordedEvent[]> {
    if (!Number.isSafeInteger(count) || count < 1) throw new Error(`a fetch's count is a positive whole number, not ${count}`);
    if (this.done || this.closed) return [];
    const { rows } = await this.client.query<EventRow>(`FETCH ${count} FROM log_cursor`);
    if (rows.length < count) this.done = true;
    return rows.map((row) => toRecordedEvent(row, this.schemas));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.query('ROLLBACK'); // read only: nothing to keep
      this.giveBack();
    } catch (error) {
      this.giveBack(error as Error); // a broken connection is not given back to the pool
    }
  }
}
