import type { Pool } from 'pg';
import type { EventSchemas } from '../events/event-schemas';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from '../events/event-row';
import { IdempotencyKeyReusedError } from '../append/errors';
import { type IdempotencyKey, requestHash } from '../idempotency/idempotency';
import { poolQuery } from '../sql/pg-pool';
import type { StreamRead } from './read-stream';

/** A stream to read; with `snapshotSchema`, from its snapshot of that schema when there is one. */
export interface StreamToRead {
  streamId: string;
  snapshotSchema?: string;
}

/** A stream as read from its snapshot: the state at `snapshot.version`, and only the events after it. */
export interface SnapshotRead extends StreamRead {
  snapshot?: { version: number; state: unknown; schema: string };
}

/**
 * The streams named by $3 (ids) and $4 (snapshot schemas), read only `when` it holds: each
 * stream's snapshot (on its first row only: it can be large) and the events after it.
 */
const readStreamsWhen = (when: string) => `
  LEFT JOIN LATERAL (
    SELECT r.stream_id, s.version AS snapshot_version, s.state
    FROM unnest($3::text[], $4::text[]) AS r(stream_id, schema)
    LEFT JOIN stream_snapshots AS s ON s.stream_id = r.stream_id AND s.schema = r.schema
    WHERE ${when}
  ) AS w ON true
  LEFT JOIN LATERAL (
    SELECT ${EVENT_COLUMNS}, row_number() OVER (ORDER BY stream_version) AS nth FROM events
    WHERE stream_id = w.stream_id AND stream_version > coalesce(w.snapshot_version, 0)
  ) AS e ON true
  ORDER BY w.stream_id, e.stream_version`;

/** What each read's rows carry for its streams. */
const STREAM_COLUMNS = `w.stream_id AS wanted, w.snapshot_version, CASE WHEN e.nth IS NULL OR e.nth = 1 THEN w.state END AS snapshot, e.*`;

/**
 * The idempotency key's earlier answer and the streams a command reads first, in one round
 * trip instead of one each. When the key has an answer the streams are not read (the command
 * will not decide). Without a key, only the streams.
 */
const RECALL_AND_READ = `
  SELECT k.request_hash, k.response, ${STREAM_COLUMNS}
  FROM (SELECT 1) AS one
  LEFT JOIN idempotency_keys AS k ON k.scope = $1 AND k.key = $2
  ${readStreamsWhen('k.scope IS NULL')}`;

interface Row extends Partial<EventRow> {
  request_hash: string | null;
  response: unknown;
  wanted: string | null;
  snapshot_version: number | null;
  snapshot: unknown;
}

export interface RecallAndRead<R> {
  /** The answer stored under the key, when this request repeats an earlier one. */
  earlier: R | null;
  /** Each stream asked for (empty when `earlier` is set). */
  streams: Map<string, SnapshotRead>;
}

export async function recallAndRead<R>(
  pool: Pool,
  schemas: EventSchemas,
  idempotency: IdempotencyKey | undefined,
  reads: readonly StreamToRead[],
): Promise<RecallAndRead<R>> {
  const { rows } = await poolQuery<Row>(
    pool,
    RECALL_AND_READ,
    [idempotency?.scope ?? null, idempotency?.key ?? null, reads.map((r) => r.streamId), reads.map((r) => r.snapshotSchema ?? null)],
    'goodpay_recall_and_read',
  );
  const first = rows[0];
  if (idempotency && first?.request_hash != null) {
    if (first.request_hash !== requestHash(idempotency.request)) throw new IdempotencyKeyReusedError(idempotency.key);
    return { earlier: first.response as R, streams: new Map() };
  }
  return { earlier: null, streams: streamsOf(rows, reads, schemas) };
}

/**
 * A group of commands' read (command/command-group.ts): the answer stored under each key, and
 * the streams whatever the keys answer (the others in the group decide on them), in one round
 * trip. The answers come on one row only.
 */
const RECALL_EACH_AND_READ = `
  SELECT CASE WHEN row_number() OVER () = 1 THEN a.answers END AS answers, ${STREAM_COLUMNS}
  FROM (
    SELECT jsonb_agg(jsonb_build_array(q.ord, k.request_hash, k.response)) AS answers
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(scope, key, ord)
    JOIN idempotency_keys AS k ON k.scope = q.scope AND k.key = q.key
  ) AS a
  ${readStreamsWhen('true')}`;

export interface RecallEachAndRead<R> {
  /** Per key asked for, in order: its stored answer, null when new, or the refusal of a key reused for another request. */
  earlier: (R | IdempotencyKeyReusedError | null)[];
  streams: Map<string, SnapshotRead>;
}

export async function recallEachAndRead<R>(
  pool: Pool,
  schemas: EventSchemas,
  keys: readonly IdempotencyKey[],
  reads: readonly StreamToRead[],
): Promise<RecallEachAndRead<R>> {
  const { rows } = await poolQuery<Row & { answers: [number, string, R][] | null }>(
    pool,
    RECALL_EACH_AND_READ,
    [keys.map((k) => k.scope), keys.map((k) => k.key), reads.map((r) => r.streamId), reads.map((r) => r.snapshotSchema ?? null)],
    'goodpay_recall_each_and_read',
  );
  const earlier: RecallEachAndRead<R>['earlier'] = keys.map(() => null);
  for (const [ord, hash, response] of rows.find((row) => row.answers != null)?.answers ?? []) {
    const key = keys[ord - 1];
    earlier[ord - 1] = hash === requestHash(key.request) ? response : new IdempotencyKeyReusedError(key.key);
  }
  return { earlier, streams: streamsOf(rows, reads, schemas) };
}

/** The streams of a read's rows: each from its snapshot, when it has one, and the events after it. */
function streamsOf(rows: readonly Row[], reads: readonly StreamToRead[], schemas: EventSchemas): Map<string, SnapshotRead> {
  const schemaOf = new Map(reads.map((r) => [r.streamId, r.snapshotSchema]));
  const streams = new Map<string, SnapshotRead>();
  for (const row of rows) {
    if (row.wanted == null) continue;
    let stream = streams.get(row.wanted);
    if (!stream) {
      stream = { version: 0, events: [] };
      if (row.snapshot_version != null) {
        stream.snapshot = { version: row.snapshot_version, state: row.snapshot, schema: schemaOf.get(row.wanted)! };
        stream.version = row.snapshot_version;
      }
      streams.set(row.wanted, stream);
    }
    if (row.event_id == null) continue;
    const event = toRecordedEvent(row as EventRow, schemas);
    stream.events.push(event);
    stream.version = event.streamVersion;
  }
  return streams;
}

/** Keeps `state` as the stream's snapshot at `version`, unless a newer one of the same schema is there. */
export async function saveSnapshot(pool: Pool, streamId: string, schema: string, version: number, state: unknown): Promise<void> {
  await poolQuery(
    pool,
    `INSERT INTO stream_snapshots AS s (stream_id, schema, version, state) VALUES ($1, $2, $3, $4)
     ON CONFLICT (stream_id) DO UPDATE SET schema = EXCLUDED.schema, version = EXCLUDED.version, state = EXCLUDED.state, taken_at = now()
     WHERE s.version < EXCLUDED.version OR s.schema <> EXCLUDED.schema`,
    [streamId, schema, version, JSON.stringify(state)],
    'goodpay_save_snapshot',
  );
}
