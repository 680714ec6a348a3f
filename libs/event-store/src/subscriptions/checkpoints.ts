import type { Sql } from '../sql/sql';
import { type GlobalCheckpoint, START } from '../read/read-all';

/**
 * Takes the subscription's lock for this transaction and returns where it stands.
 * An advisory lock rather than SELECT ... FOR UPDATE: row locks give the transaction an xid
 * at once, and an open xid would hold back the horizon this very transaction reads below.
 */
export async function lockCheckpoint(sql: Sql, name: string): Promise<GlobalCheckpoint> {
  await sql.query(`SELECT pg_advisory_xact_lock(hashtextextended('subscription:' || $1, 0))`, [name], 'goodpay_lock_checkpoint');
  return readCheckpoint(sql, name);
}

/** Where the subscription stands, without waiting for a batch in progress. */
export async function readCheckpoint(sql: Sql, name: string): Promise<GlobalCheckpoint> {
  const { rows } = await sql.query<{ transaction_id: string; position: string }>(
    `SELECT last_transaction_id::text AS transaction_id, last_position::text AS position
     FROM subscription_checkpoints WHERE name = $1`,
    [name],
    'goodpay_read_checkpoint',
  );
  return rows[0] ? { transactionId: rows[0].transaction_id, position: rows[0].position } : START;
}

/** Told (LISTEN) on each checkpoint move, with the subscription's name: wakes `?after=` readers. */
export const CHECKPOINT_MOVED_CHANNEL = 'subscription_checkpoint_moved';

/**
 * Moves the checkpoint and announces it in the same statement: PostgreSQL delivers the
 * notification when (and only if) the checkpoint's transaction commits.
 */
export async function saveCheckpoint(sql: Sql, name: string, checkpoint: GlobalCheckpoint): Promise<void> {
  await sql.query(
    `WITH saved AS (
       INSERT INTO subscription_checkpoints (name, last_transaction_id, last_position, updated_at)
       VALUES ($1, $2::xid8, $3::bigint, now())
       ON CONFLICT (name) DO UPDATE
         SET last_transaction_id = EXCLUDED.last_transaction_id,
             last_position = EXCLUDED.last_position,
             updated_at = now()
       RETURNING name
     )
     SELECT pg_notify('${CHECKPOINT_MOVED_CHANNEL}', name) FROM saved`,
    [name, checkpoint.transactionId, checkpoint.position],
    'goodpay_save_checkpoint',
  );
}
