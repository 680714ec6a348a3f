import type { Sql } from '@goodpay/event-store';
import type { RunningProcess } from '../../support/processes';

/**
 * What a test under faults says when a consumer has not reached a position in time: where
 * every checkpoint stands, the oldest open transaction of the server (the readers' horizon),
 * and what the worker printed about that consumer. A timeout alone says nothing about which
 * of a lost wake-up, a failing batch or a held horizon it was.
 */
export async function diagnoseConsumer(sql: Sql, name: string, worker: RunningProcess | undefined): Promise<string> {
  const { rows: checkpoints } = await sql.query<{ name: string; position: string; updated_at: string }>(
    `SELECT name, last_position::text AS position, updated_at::text FROM subscription_checkpoints ORDER BY name`,
  );
  const { rows: open } = await sql.query<{ datname: string; application_name: string; state: string; age: string; query: string }>(
    `SELECT datname, application_name, state, (now() - xact_start)::text AS age, left(query, 120) AS query
     FROM pg_stat_activity WHERE backend_xid IS NOT NULL ORDER BY xact_start LIMIT 5`,
  );
  const said = (worker?.output() ?? '')
    .split('\n')
    .filter((line) => line.includes(name) || /error|fail/i.test(line))
    .slice(-30);
  return [
    `checkpoints: ${checkpoints.map((c) => `${c.name}@${c.position} (${c.updated_at})`).join(', ')}`,
    `open transactions holding an xid: ${open.length === 0 ? 'none' : JSON.stringify(open)}`,
    `the worker's lines about ${name} or failures:`,
    ...said,
  ].join('\n');
}
