import type { Pool } from 'pg';
import type { EventSchemas } from '../events/event-schemas';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from '../events/event-row';
import { IdempotencyKeyReusedError } from '../append/errors';
import { type IdempotencyKey, requestHash } from '../idempotency/idempotency';
import { poolQuery } from '../sql/pg-pool';
import type { StreamRead } from './read-stream';

/**
 * The idempotency key's earlier answer and the streams a command reads first, in one round
 * trip instead of one each. When the key has an answer the streams are not read (the command
 * will not decide). Without a key, only the streams.
 */
const RECALL_AND_READ = `
  SELECT k.request_hash, k.response, e.*
  FROM (SELECT 1) AS one
  LEFT JOIN idempotency_keys AS k ON k.scope = $1 AND k.key = $2
  LEFT JOIN LATERAL (
    SELECT ${EVENT_COLUMNS} FROM events
    WHERE stream_id = ANY($3::text[]) AND k.scope IS NULL
  ) AS e ON true
  ORDER BY e.stream_id, e.stream_version`;

interface Row extends Partial<EventRow> {
  request_hash: string | null;
  response: unknown;
}

export interface RecallAndRead<R> {
  /** The answer stored under the key, when this request repeats an earlier one. */
  earlier: R | null;
  /** Each stream asked for (empty when `earlier` is set). */
  streams: Map<string, StreamRead>;
}

export async function recallAndRead<R>(
  pool: Pool,
  schemas: EventSchemas,
  idempotency: IdempotencyKey | undefined,
  streamIds: readonly string[],
): Promise<RecallAndRead<R>> {
  const { rows } = await poolQuery<Row>(
    pool,
    RECALL_AND_READ,
    [idempotency?.scope ?? null, idempotency?.key ?? null, streamIds],
    'goodpay_recall_and_read',
  );
  const first = rows[0];
  if (idempotency && first?.request_hash != null) {
    if (first.request_hash !== requestHash(idempotency.request)) throw new IdempotencyKeyReusedError(idempotency.key);
    return { earlier: first.response as R, streams: new Map() };
  }
  const streams = new Map<string, StreamRead>(streamIds.map((id) => [id, { version: 0, events: [] }]));
  for (const row of rows) {
    if (row.event_id == null) continue;
    const stream = streams.get(row.stream_id!)!;
    const event = toRecordedEvent(row as EventRow, schemas);
    stream.events.push(event);
    stream.version = event.streamVersion;
  }
  return { earlier: null, streams };
}
