import type { DatabaseError, Pool } from 'pg';
import { newId } from '@goodpay/shared';
import type { EventMetadata, ExpectedVersion, RecordedEvent } from '../events/event';
import type { EventSchemas } from '../events/event-schemas';
import { type IdempotencyKey, requestHash } from '../idempotency/idempotency';
import { poolQuery } from '../sql/pg-pool';
import { type AppendRequest, streamTypeOf } from './append-to-stream';
import { WrongExpectedVersionError } from './errors';

/** What a command stores with its events: its key and the answer a repeated request gets. */
export interface RememberedAnswer {
  idempotency: IdempotencyKey;
  /** Stored as JSON, with `position` set to the command's last event (known only in the statement). */
  answer: { position: string };
}

/** A twin request with the same idempotency key committed first: answer with its response. */
export class KeyStoredMeanwhile extends Error {
  constructor() {
    super('the idempotency key was stored meanwhile by a request with the same key');
  }
}

const APPEND = `SELECT event_id, stream_version, global_position, transaction_id, recorded_at
  FROM append_to_streams($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`;

interface InsertedRow {
  event_id: string;
  stream_version: number;
  global_position: string;
  transaction_id: string;
  recorded_at: Date;
}

/** -1 any, 0 no stream, n exactly n: the encoding of `append_to_streams` (schema/1796411820865). */
const expectedCode = (expected: ExpectedVersion): number => (expected === 'any' ? -1 : expected === 'no_stream' ? 0 : expected);

/**
 * Appends to any number of streams, and remembers the idempotency key with the answer, in one
 * autocommitted statement (the `append_to_streams` function): one round trip, one commit. Either
 * every stream is at its expected version and everything is stored, or nothing is:
 * WrongExpectedVersionError, or KeyStoredMeanwhile when a twin request stored the key first.
 */
export async function appendInOneStatement(
  pool: Pool,
  schemas: EventSchemas,
  requests: readonly AppendRequest[],
  metadata: EventMetadata,
  remember?: RememberedAnswer,
): Promise<RecordedEvent[]> {
  // An append without events checks nothing and stores nothing, as appendToStream does.
  const appends = requests.filter((request) => request.events.length > 0);
  if (appends.length === 0 && !remember) return [];
  const events = appends.flatMap((request, s) => request.events.map((event, k) => ({ event, s: s + 1, k, id: newId() })));
  let rows: InsertedRow[];
  try {
    ({ rows } = await poolQuery<InsertedRow>(
      pool,
      APPEND,
      [
        appends.map((a) => a.streamId),
        appends.map((a) => streamTypeOf(a.streamId)),
        appends.map((a) => expectedCode(a.expectedVersion)),
        appends.map((a) => a.events.length),
        events.map((e) => e.s),
        events.map((e) => e.k),
        events.map((e) => e.id),
        events.map((e) => e.event.type),
        events.map((e) => schemas.currentVersion(e.event.type)),
        events.map((e) => JSON.stringify(e.event.data)),
        JSON.stringify(metadata),
        remember?.idempotency.scope ?? null,
        remember?.idempotency.key ?? null,
        remember ? requestHash(remember.idempotency.request) : null,
        remember ? JSON.stringify(remember.answer) : null,
      ],
      'goodpay_append_to_streams',
    ));
  } catch (error) {
    throw refusalOf(error, appends);
  }

  const byId = new Map(rows.map((row) => [row.event_id, row]));
  return events.map(({ event, s, id }) => {
    const row = byId.get(id)!;
    return {
      id,
      streamId: appends[s - 1].streamId,
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

/** The statement's own refusals as the store's errors; anything else (a broken connection) as it is. */
function refusalOf(error: unknown, appends: readonly AppendRequest[]): unknown {
  const { code, detail } = error as Partial<DatabaseError>;
  if (code === 'GPK01') return new KeyStoredMeanwhile();
  if (code !== 'GPV01' || !detail) return error;
  const { streamId, actual } = JSON.parse(detail) as { streamId: string; actual: number | null };
  const expected = appends.find((a) => a.streamId === streamId)?.expectedVersion ?? 'any';
  return new WrongExpectedVersionError(streamId, expected, actual);
}
