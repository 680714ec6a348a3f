import { anyEventOfTypesAfterSql, type GlobalCheckpoint, START } from '../read/read-all';
import type { Sql } from '../sql/sql';
import { CHECKPOINT_MOVED_CHANNEL } from './checkpoints';

/** What a pass found: the consumers that need a catch-up, and those of them whose batch is running now. */
export interface IdlePass {
  busy: string[];
  running: string[];
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
 * is running) and their checkpoints read (they cannot move while the locks are held), then one
 * statement, with a snapshot taken under those locks, checks that no event of the consumer's
 * types lies after its checkpoint and moves it to the last event below that snapshot's horizon.
 * Every transaction below the horizon has ended, so nothing of its types can appear there later
 * (the same argument as readTypesAfter's `passed`).
 */
export async function passIdleConsumers(sql: Sql, consumers: readonly ConsumerTypes[]): Promise<IdlePass> {
  if (consumers.length === 0) return { busy: [], running: [] };
  const { rows: locked } = await sql.query<{ name: string }>(
    `SELECT name FROM unnest($1::text[]) AS name WHERE pg_try_advisory_xact_lock(hashtextextended('subscription:' || name, 0))`,
    [consumers.map((consumer) => consumer.name)],
  );
  const lockedNames = new Set(locked.map((row) => row.name));
  const candidates = consumers.filter((consumer) => lockedNames.has(consumer.name));
  const running = consumers.filter((consumer) => !lockedNames.has(consumer.name)).map((consumer) => consumer.name);
  if (candidates.length === 0) return { busy: consumers.map((consumer) => consumer.name), running };
  const checkpoints = await checkpointsOf(sql, candidates);
  const passedNames = new Set(await passCandidates(sql, candidates, checkpoints));
  // A consumer already at the horizon's last event is neither passed nor busy: it has nothing to do.
  const atHorizon = await alreadyCaughtUp(
    sql,
    candidates.filter((consumer) => !passedNames.has(consumer.name)).map(({ name }) => ({ name, after: checkpoints(name) })),
  );
  return { busy: consumers.map((consumer) => consumer.name).filter((name) => !passedNames.has(name) && !atHorizon.has(name)), running };
}

/**
 * The statement that passes the idle ones among locked consumers. Each consumer's checkpoint and
 * each of its types is a parameter of its own branch (anyEventOfTypesAfterSql): one type
 * joined over an array was planned as a scan of every event after the checkpoint, which behind
 * a million-event backlog took half a second while holding every consumer's lock.
 */
async function passCandidates(
  sql: Sql,
  consumers: readonly ConsumerTypes[],
  checkpoints: (name: string) => GlobalCheckpoint,
): Promise<string[]> {
  const parameters: unknown[] = [];
  const parameter = (value: unknown) => `$${parameters.push(value)}`;
  const branches = consumers.map(({ name, eventTypes }) => {
    const { transactionId, position } = checkpoints(name);
    const after = { transactionId: parameter(transactionId), position: parameter(position) };
    return `SELECT ${parameter(name)}::text AS name FROM last
            WHERE (last.transaction_id, last.global_position) > (${after.transactionId}::xid8, ${after.position}::bigint)
              AND NOT (${anyEventOfTypesAfterSql(after, eventTypes.map(parameter))})`;
  });
  const { rows } = await sql.query<{ name: string }>(
    `WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
     last AS (
       SELECT transaction_id, global_position FROM events, h
       WHERE transaction_id < h.xmin
       ORDER BY transaction_id DESC, global_position DESC
       LIMIT 1
     ),
     idle AS (${branches.join(' UNION ALL ')}),
     saved AS (
       INSERT INTO subscription_checkpoints (name, last_transaction_id, last_position, updated_at)
       SELECT idle.name, last.transaction_id, last.global_position, now() FROM idle, last
       ON CONFLICT (name) DO UPDATE
         SET last_transaction_id = EXCLUDED.last_transaction_id, last_position = EXCLUDED.last_position, updated_at = now()
       RETURNING name
     )
     SELECT name FROM saved, pg_notify('${CHECKPOINT_MOVED_CHANNEL}', saved.name)`,
    parameters,
  );
  return rows.map((row) => row.name);
}

/** The consumers' checkpoints (START for one that has none yet), read once their locks are held. */
async function checkpointsOf(sql: Sql, consumers: readonly ConsumerTypes[]): Promise<(name: string) => GlobalCheckpoint> {
  const { rows } = await sql.query<{ name: string; transaction_id: string; position: string }>(
    `SELECT name, last_transaction_id::text AS transaction_id, last_position::text AS position
     FROM subscription_checkpoints WHERE name = ANY($1::text[])`,
    [consumers.map((consumer) => consumer.name)],
  );
  const saved = new Map(rows.map((row) => [row.name, { transactionId: row.transaction_id, position: row.position }]));
  return (name) => saved.get(name) ?? START;
}

/**
 * Those of `consumers` with no event at all after their checkpoint (whatever its type): nothing
 * to catch up. A branch per consumer, its checkpoint parameters: each a probe of the log's order index.
 */
async function alreadyCaughtUp(sql: Sql, consumers: readonly { name: string; after: GlobalCheckpoint }[]): Promise<Set<string>> {
  if (consumers.length === 0) return new Set();
  const parameters: unknown[] = [];
  const parameter = (value: unknown) => `$${parameters.push(value)}`;
  const branches = consumers.map(
    ({ name, after }) =>
      `SELECT ${parameter(name)}::text AS name WHERE NOT EXISTS (SELECT 1 FROM events
         WHERE (transaction_id, global_position) > (${parameter(after.transactionId)}::xid8, ${parameter(after.position)}::bigint))`,
  );
  const { rows } = await sql.query<{ name: string }>(branches.join(' UNION ALL '), parameters);
  return new Set(rows.map((row) => row.name));
}
