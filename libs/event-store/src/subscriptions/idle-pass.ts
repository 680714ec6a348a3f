import type { GlobalCheckpoint } from '../read/read-all';
import type { Sql } from '../sql/sql';
import { CHECKPOINT_MOVED_CHANNEL } from './checkpoints';

/** What a pass found: the consumers that need a catch-up, and those of them whose batch is running now. */
export interface IdlePass {
  busy: string[];
  running: string[];
  /** Where each busy consumer that is not running stands, as the pass read it under its lock. */
  checkpoints: Map<string, GlobalCheckpoint>;
}

/** A consumer by name and the event types it handles. */
export interface ConsumerTypes {
  name: string;
  eventTypes: readonly string[];
}

/**
 * Passes, in the caller's transaction, every listed consumer that has none of its own events
 * after its checkpoint: its checkpoint moves to the last event below the horizon, announced like
 * any other move. Returns the consumers that were not passed (they have events to handle, or a
 * batch of theirs holds their lock, `running`): only those need a catch-up.
 *
 * Why: a wake-up after a commit concerns the few consumers of the committed types; the others
 * only have to move their checkpoint past it (for `?after=` readers). Done here for all of them
 * in two statements, instead of a transaction (lock, read, save, commit) per consumer per wake-up.
 *
 * Safe as a batch that found nothing: the locks are taken first (skipping a consumer whose batch
 * is running), then one statement, with a snapshot taken under those locks, checks that no event of
 * the consumer's types lies after its checkpoint and moves it to the last event below that
 * snapshot's horizon. Every transaction below the horizon has ended, so nothing of its types can
 * appear there later (the same argument as a short batch's `passed`, see next-batch.ts).
 *
 * Cheap whatever the backlog and the number of consumers: the statement's text is the same for
 * any set of them (planned in about a millisecond), and each type's test is one probe of
 * events_by_type (event_positions_after: an equality on the type, or an EXISTS over the plain
 * condition, was planned as a read of every event after the checkpoint, 0.8 s a consumer behind
 * a million events; docs/performance.md, session 8). The pass holds every consumer's lock while it
 * runs, so every batch that starts meanwhile waits for it.
 */
export async function passIdleConsumers(sql: Sql, consumers: readonly ConsumerTypes[]): Promise<IdlePass> {
  if (consumers.length === 0) return { busy: [], running: [], checkpoints: new Map() };
  const { rows: locked } = await sql.query<{ name: string }>(
    `SELECT name FROM unnest($1::text[]) AS name WHERE pg_try_advisory_xact_lock(hashtextextended('subscription:' || name, 0))`,
    [consumers.map((consumer) => consumer.name)],
  );
  const lockedNames = new Set(locked.map((row) => row.name));
  const candidates = consumers.filter((consumer) => lockedNames.has(consumer.name));
  const running = consumers.filter((consumer) => !lockedNames.has(consumer.name)).map((consumer) => consumer.name);
  if (candidates.length === 0) return { busy: consumers.map((consumer) => consumer.name), running, checkpoints: new Map() };
  const { rows: read } = await sql.query<{ name: string; transaction_id: string; position: string; passed: boolean }>(
    `WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
     last AS (
       SELECT transaction_id, global_position FROM events, h
       WHERE transaction_id < h.xmin
       ORDER BY transaction_id DESC, global_position DESC
       LIMIT 1
     ),
     consumer AS (
       SELECT c.name, c.types,
              coalesce(s.last_transaction_id, '0'::xid8) AS transaction_id, coalesce(s.last_position, 0) AS position
       FROM jsonb_to_recordset($1::jsonb) AS c(name text, types text[])
       LEFT JOIN subscription_checkpoints s ON s.name = c.name
     ),
     idle AS (
       SELECT consumer.name, last.transaction_id, last.global_position
       FROM consumer, last
       WHERE (last.transaction_id, last.global_position) > (consumer.transaction_id, consumer.position)
         -- Each type's test is one probe of events_by_type (see the migration of event_positions_after),
         -- below the horizon: an event of its types beyond it comes after the last one below it, so
         -- the move cannot pass it, and the probe does not read an open import's entries one by one.
         -- (The statement's snapshot, so the same horizon as h; named apart, h would be materialised,
         -- and last planned as a walk down from the newest entry.)
         AND NOT EXISTS (
           SELECT 1 FROM event_positions_after(
             consumer.transaction_id, consumer.position, 1, consumer.types, pg_snapshot_xmin(pg_current_snapshot())
           )
         )
     ),
     saved AS (
       INSERT INTO subscription_checkpoints (name, last_transaction_id, last_position, updated_at)
       SELECT name, transaction_id, global_position, now() FROM idle
       ON CONFLICT (name) DO UPDATE
         SET last_transaction_id = EXCLUDED.last_transaction_id, last_position = EXCLUDED.last_position, updated_at = now()
       -- Announced here: a data-modifying WITH runs to completion, whatever the SELECT below reads of it.
       RETURNING name, pg_notify('${CHECKPOINT_MOVED_CHANNEL}', name)
     )
     SELECT consumer.name, consumer.transaction_id::text AS transaction_id, consumer.position::text AS position,
            consumer.name IN (SELECT name FROM saved) AS passed
     FROM consumer`,
    [JSON.stringify(candidates.map(({ name, eventTypes }) => ({ name, types: eventTypes })))],
  );
  const passedNames = new Set(read.filter((row) => row.passed).map((row) => row.name));
  // A consumer already at the horizon's last event is neither passed nor busy: it has nothing to do.
  const atHorizon = await alreadyCaughtUp(
    sql,
    candidates.filter((consumer) => !passedNames.has(consumer.name)),
  );
  const busy = consumers.map((consumer) => consumer.name).filter((name) => !passedNames.has(name) && !atHorizon.has(name));
  const checkpoints = new Map(
    read
      .filter((row) => busy.includes(row.name))
      .map((row) => [row.name, { transactionId: row.transaction_id, position: row.position }] as const),
  );
  return { busy, running, checkpoints };
}

/**
 * Those of `consumers` with no event at all after their checkpoint below the horizon (whatever
 * its type): nothing to catch up now. What lies beyond the horizon is not theirs to wait for here:
 * the commit of the transaction that holds the horizon back wakes them, and so does the next sweep.
 * Bounded by the horizon, the probe stops where an open import's entries start (unbounded, it
 * read all of them, invisible one by one: 1.7 s a pass while a million events were being appended).
 */
async function alreadyCaughtUp(sql: Sql, consumers: readonly ConsumerTypes[]): Promise<Set<string>> {
  if (consumers.length === 0) return new Set();
  const { rows } = await sql.query<{ name: string }>(
    `SELECT c.name FROM unnest($1::text[]) AS c(name)
     LEFT JOIN subscription_checkpoints s ON s.name = c.name
     WHERE NOT EXISTS (
       SELECT 1 FROM events
       WHERE (events.transaction_id, events.global_position) > (coalesce(s.last_transaction_id, '0'::xid8), coalesce(s.last_position, 0))
         AND events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     )`,
    [consumers.map((consumer) => consumer.name)],
  );
  return new Set(rows.map((row) => row.name));
}
