import type { DatabaseError, Pool } from 'pg';
import { newId } from '@goodpay/shared';
import type { DomainEvent, EventMetadata, ExpectedVersion, RecordedEvent } from '../events/event';
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
  FROM append_commands($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`;

interface InsertedRow {
  event_id: string;
  stream_version: number;
  global_position: string;
  transaction_id: string;
  recorded_at: Date;
}

/** -1 any, 0 no stream, n exactly n: the encoding of `append_commands` (schema/1796424700000). */
const expectedCode = (expected: ExpectedVersion): number => (expected === 'any' ? -1 : expected === 'no_stream' ? 0 : expected);

/** One command's part of a statement: its metadata, and the key it stores with its answer. */
export interface CommandWrite {
  metadata: EventMetadata;
  remember?: RememberedAnswer;
}

/** A stream the statement advances, at one expected version, and its events, each with its command (index into the writes). */
export interface StreamWrite {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: readonly { event: DomainEvent; command: number }[];
}

/** The events as stored, and for each the command (index into the writes) that decided it. */
export interface Written {
  events: RecordedEvent[];
  commandOf: number[];
}

/**
 * Appends to any number of streams, and remembers the idempotency key with the answer, in one
 * autocommitted statement (the `append_commands` function): one round trip, one commit. Either
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
  const streams = requests.map((request) => ({ ...request, events: request.events.map((event) => ({ event, command: 0 })) }));
  return (await appendCommands(pool, schemas, streams, [{ metadata, remember }])).events;
}

/**
 * The writes of several commands in one statement, as appendInOneStatement does for one: each
 * event stored with its command's metadata, each command's key with its own answer (its
 * `position` that of the command's last event). All or nothing, with the same errors.
 */
export async function appendCommands(
  pool: Pool,
  schemas: EventSchemas,
  streams: readonly StreamWrite[],
  writes: readonly CommandWrite[],
): Promise<Written> {
  // An append without events checks nothing and stores nothing, as appendToStream does.
  const appends = streams.filter((stream) => stream.events.length > 0);
  const keys = writes.flatMap((write, c) => (write.remember ? [{ ...write.remember, c }] : []));
  if (appends.length === 0 && keys.length === 0) return { events: [], commandOf: [] };
  const events = appends.flatMap((stream, s) =>
    stream.events.map(({ event, command }, k) => ({
      event,
      command,
      s: s + 1,
      k,
      id: newId(),
      version: schemas.currentVersion(event.type),
    })),
  );
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
        events.map((e) => e.version),
        events.map((e) => JSON.stringify(e.event.data)),
        events.map((e) => e.command + 1),
        writes.map((w) => JSON.stringify(w.metadata)),
        keys.map((k) => k.c + 1),
        keys.map((k) => k.idempotency.scope),
        keys.map((k) => k.idempotency.key),
        keys.map((k) => requestHash(k.idempotency.request)),
        keys.map((k) => JSON.stringify(k.answer)),
      ],
      'goodpay_append_commands',
    ));
  } catch (error) {
    throw refusalOf(error, appends);
  }

  const byId = new Map(rows.map((row) => [row.event_id, row]));
  const recorded = events.map(({ event, command, s, id, version }): RecordedEvent => {
    const row = byId.get(id)!;
    return {
      id,
      streamId: appends[s - 1].streamId,
      streamVersion: row.stream_version,
      globalPosition: String(row.global_position),
      transactionId: String(row.transaction_id),
      type: event.type,
      schemaVersion: version,
      data: event.data,
      metadata: writes[command].metadata,
      recordedAt: row.recorded_at,
    };
  });
  return { events: recorded, commandOf: events.map((e) => e.command) };
}

/** The statement's own refusals as the store's errors; anything else (a broken connection) as it is. */
function refusalOf(error: unknown, appends: readonly StreamWrite[]): unknown {
  const { code, detail } = error as Partial<DatabaseError>;
  if (code === 'GPK01') return new KeyStoredMeanwhile();
  if (code !== 'GPV01' || !detail) return error;
  const { streamId, actual } = JSON.parse(detail) as { streamId: string; actual: number | null };
  const expected = appends.find((a) => a.streamId === streamId)?.expectedVersion ?? 'any';
  return new WrongExpectedVersionError(streamId, expected, actual);
}
