import { setTimeout as sleep } from 'node:timers/promises';
import { hasReached, ProjectionNotReadyError, type Sql, type Subscriptions } from '@goodpay/event-store';

/**
 * Catches a projection up with every event committed before the call, however long it takes
 * other transactions on the server to get out of the way (up to `timeoutMs`).
 *
 * Subscriptions.catchUpCompletely alone is not enough for this: it stops when no committed
 * event is hidden behind the horizon *as seen after* its last batch, and a transaction that
 * ends between that batch and that look leaves an event both unread and no longer hidden.
 * So the target is fixed first: the last event in the gap-safe order visible now; and the
 * catch-up repeats until the checkpoint has passed it.
 */
export async function catchUpToNow(subscriptions: Subscriptions, sql: Sql, name: string, timeoutMs = 30_000): Promise<void> {
  const { rows } = await sql.query<{ position: string }>(
    `SELECT global_position::text AS position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  const target = rows[0]?.position ?? '0';
  const deadline = Date.now() + timeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    await subscriptions.catchUpCompletely(name, Math.max(0, deadline - Date.now()));
    if (await hasReached(sql, name, target)) return;
    if (Date.now() >= deadline) throw new ProjectionNotReadyError(name, target, timeoutMs);
    await sleep(pause);
  }
}
