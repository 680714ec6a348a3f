import { newId } from '@goodpay/shared';
import type { Sql } from '../sql/sql';
import type { DomainEvent, EventMetadata, ExpectedVersion, RecordedEvent } from '../events/event';
import type { EventSchemas } from '../events/event-schemas';
import { WrongExpectedVersionError } from './errors';

export interface AppendRequest {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: readonly DomainEvent[];
}

/**
 * How the stream row moves forward, by kind of expectation. Each returns the stream's new
 * version, or no row when the expectation does not hold, and then nothing is inserted.
 * Parameters: $1 stream id, $2 number of events, $8 stream type (inserts) or expected version.
 */
const ADVANCE_STREAM = {
  any: `INSERT INTO event_streams AS s (stream_id, stream_type, version) VALUES ($1, $8, $2)
        ON CONFLICT (stream_id) DO UPDATE SET version = s.version + $2, updated_at = now()
        RETURNING version`,
  noStream: `INSERT INTO event_streams (stream_id, stream_type, version) VALUES ($1, $8, $2)
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING version`,
  exact: `UPDATE event_streams SET version = version + $2, updated_at = now()
        WHERE stream_id = $1 AND version = $8
        RETURNING version`,
};

/** One statement: advance the stream row (which locks it) and insert the events numbered after it. */
const appendSql = (advance: string) => `
  WITH stream AS (${advance})
  INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
  SELECT e.event_id, $1, (stream.version - $2 + e.ord)::integer, e.type, e.schema_version, e.data, $7
  FROM stream, unnest($3::uuid[], $4::text[], $5::smallint[], $6::jsonb[])
       WITH ORDINALITY AS e(event_id, type, schema_version, data, ord)
  RETURNING event_id, stream_version, global_position, transaction_id, recorded_at`;

interface InsertedRow {
  event_id: string;
  stream_version: number;
  global_position: string;
  transaction_id: string;
  recorded_at: Date;
}

/** The stream's kind is its id up to the first '-': `prepayment-<uuid>` is a prepayment. */
export const streamTypeOf = (streamId: string): string => streamId.split('-', 1)[0];

/** The stream locks each transaction (its Sql) has taken, so an append does not ask again. */
const lockedIn = new WeakMap<Sql, Set<string>>();

/**
 * Takes, in a transaction (its `sql`), the locks of the streams it will append to, before its first write
 * gives it an xid: then, per stream, transaction ids follow versions, which the readers'
 * gap-safe order (by transaction id, then position) relies on; see append_to_streams, which does
 * the same. A transaction that appends to several streams takes them all at once, in one order
 * (no deadlock). Refused once the transaction has written: a lock taken then could not keep
 * the order (a transaction with an older xid could wait on it and then append a later version).
 */
export async function lockStreams(sql: Sql, streamIds: readonly string[], { remember = true } = {}): Promise<void> {
  const held = lockedIn.get(sql) ?? new Set<string>();
  const ids = [...new Set(streamIds)].filter((id) => !held.has(id)).sort();
  if (ids.length === 0) return;
  const { rows } = await sql.query<{ wrote: boolean }>(
    `SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS wrote,
            (SELECT count(pg_advisory_xact_lock(hashtextextended('stream:' || id, 0)))
             FROM (SELECT unnest($1::text[]) AS id ORDER BY 1) AS ids) AS locked`,
    [ids],
  );
  if (rows[0].wrote) {
    throw new Error(
      `stream lock of ${ids.join(', ')} asked after the transaction's first write: lock every stream it appends to first (lockStreams)`,
    );
  }
  if (!remember) return;
  for (const id of ids) held.add(id);
  lockedIn.set(sql, held);
}

/**
 * Appends events to one stream if its version is what the writer expects. Runs as a single
 * statement, so on its own connection it is atomic; inside a transaction it joins it.
 */
export async function appendToStream(
  sql: Sql,
  schemas: EventSchemas,
  request: AppendRequest,
  metadata: EventMetadata,
): Promise<RecordedEvent[]> {
  const { streamId, expectedVersion, events } = request;
  if (events.length === 0) return [];

  // Not remembered: on a pool's own connection the lock ends with the statement.
  if (!lockedIn.get(sql)?.has(streamId)) await lockStreams(sql, [streamId], { remember: false });
  const ids = events.map(() => newId());
  const [advance, eighth] =
    expectedVersion === 'any'
      ? [ADVANCE_STREAM.any, streamTypeOf(streamId)]
      : expectedVersion === 'no_stream' || expectedVersion === 0
        ? [ADVANCE_STREAM.noStream, streamTypeOf(streamId)]
        : [ADVANCE_STREAM.exact, expectedVersion];

  const { rows } = await sql.query<InsertedRow>(appendSql(advance), [
    streamId,
    events.length,
    ids,
    events.map((e) => e.type),
    events.map((e) => schemas.currentVersion(e.type)),
    events.map((e) => JSON.stringify(e.data)),
    JSON.stringify(metadata),
    eighth,
  ]);

  if (rows.length === 0) {
    const current = await sql.query<{ version: number }>('SELECT version FROM event_streams WHERE stream_id = $1', [streamId]);
    throw new WrongExpectedVersionError(streamId, expectedVersion, current.rows[0]?.version ?? null);
  }

  const byId = new Map(rows.map((row) => [row.event_id, row]));
  return events.map((event, index) => {
    const row = byId.get(ids[index])!;
    return {
      id: row.event_id,
      streamId,
      streamVersion: row.stream_version,
      globalPosition: String(row.global_position),
      transactionId: String(row.transaction_id),
      type: event.type,
      schemaVersion: schemas.currentVersion(event.type),
      data: event.data,
      metadata,
      recordedAt: row.recorded_at,
    };
  });
}
