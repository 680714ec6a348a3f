/**
 * What one live call of `consumer_next_batch` costs the database, measured alone: the read that
 * starts each consumer batch under the command load, without the apply that follows it.
 *
 *   node -r @swc-node/register bench/next-batch-live.ts [rounds=400] [consumer,...] [--parts=size,ahead] [--full]
 *
 * A scratch database's log is cut into partitions of `size` positions, `ahead` of them made at
 * once (default 5,000 and 10: about ten partitions, the later ones still empty, as under the
 * full bench's load); 20,000 prepayment events are appended and each consumer caught up. Then,
 * `rounds` times: one prepayment's ten events committed in one transaction (as commands leave
 * them), and each consumer's next batch read as its wake-up reads it (its own batch size, so a
 * short batch; its rows, move and metadata as Subscriptions asks), each in a transaction of its
 * own on one connection (without waiting for the commit's WAL flush). Reported: that connection's
 * backend CPU per call (from /proc, it hardly moves with the machine's load; BEGIN and COMMIT
 * included) and the wall time per call, per consumer and in all. `--full`
 * asks each consumer for a batch of ten instead (a full batch, as bench/consumer-costs.ts --live).
 * On a server that loads pg_stat_statements (track = all shows the function's own statements),
 * the statements of the measured rounds too, each's time and buffer hits per call.
 */
import { Client } from 'pg';
import { API_MIGRATIONS } from '../apps/api/src/every-process';
import { firstBatchSize, isRangeProjection, nextBatch, readsMetadata, type Sql } from '@goodpay/event-store';
import { createTestDatabase } from '../test/support/test-database';
import { appendPrepaymentEvents } from './scenarios/rebuild.scenario';
import { cpuSeconds } from './support/process-usage';
import { partitionLogFinely } from './support/bench-system';
import { scratchConsumers } from './support/scratch-consumers';

async function main(): Promise<void> {
  const full = process.argv.includes('--full');
  const parts = process.argv.find((arg) => arg.startsWith('--parts='));
  const [size, ahead] = (parts?.slice('--parts='.length) ?? '5000,10').split(',').map(Number);
  const [roundsArg, onlyArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const rounds = Number(roundsArg ?? 400);
  const only = onlyArg?.split(',');
  const db = await createTestDatabase(API_MIGRATIONS, { poolSize: 2 });
  const { name, dataSource } = db;
  const reader = new Client({ connectionString: db.url });
  await reader.connect();
  const sql: Sql = {
    async query<Row>(text: string, params: readonly unknown[] = [], statement?: string) {
      const result = await reader.query({ name: statement, text, values: params as unknown[] });
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
  };
  try {
    await partitionLogFinely((text, params) => dataSource.query(text, params), { size, ahead });
    const { schemas, consumers, subscriptions, shop, system } = scratchConsumers(dataSource, only);
    await appendPrepaymentEvents(system, shop, 20_000, { atOnce: true });
    for (const consumer of consumers) await subscriptions.catchUpCompletely(consumer.name, 10 * 60_000);
    await subscriptions.onModuleDestroy();
    await dataSource.query('ANALYZE events');
    const [{ partitions }] = await dataSource.query(
      `SELECT count(*)::int AS partitions FROM pg_inherits WHERE inhparent = 'events'::regclass`,
    );
    console.log(
      `${name}: ${partitions} partitions of ${size}; ${rounds} rounds of ten events; ${full ? 'full batches of 10' : 'live batch sizes'}`,
    );

    const [{ pid }] = (await reader.query('SELECT pg_backend_pid() AS pid')).rows as { pid: number }[];
    // The commit's WAL flush is not the read's, and its kernel time moves with the disk's other writers.
    await reader.query('SET synchronous_commit = off');
    const [{ statements }] = (await reader.query(`SELECT current_setting('shared_preload_libraries') ~ 'pg_stat_statements' AS statements`))
      .rows as { statements: boolean }[];
    if (statements) await reader.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    console.log(`reading backend: pid ${pid}`);
    const figures = new Map(consumers.map((c) => [c.name, { cpu: 0, ms: 0, calls: 0, events: 0, hidden: 0 }]));
    // A few rounds first, not counted: the connection's plans are made and the caches warm.
    for (let round = -20; round < rounds; round += 1) {
      const appended = await appendPrepaymentEvents(system, shop, 10);
      for (let waited = 0; ; waited += 1) {
        const { rows } = await reader.query(`SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 AS visible`, [
          appended.last.transactionId,
        ]);
        if (rows[0].visible) break;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      if (round === 0 && statements) await reader.query('SELECT pg_stat_statements_reset()');
      for (const consumer of consumers) {
        const limit = full ? 10 : firstBatchSize(consumer);
        const cpu = cpuSeconds(pid)!;
        const started = performance.now();
        await reader.query('BEGIN');
        const batch = await nextBatch(sql, schemas, consumer.name, limit, consumer.eventTypes, {
          rows: !isRangeProjection(consumer),
          metadata: readsMetadata(consumer),
        });
        await reader.query('COMMIT');
        if (round < 0) continue;
        const entry = figures.get(consumer.name)!;
        entry.ms += performance.now() - started;
        entry.cpu += cpuSeconds(pid)! - cpu;
        entry.calls += 1;
        entry.events += batch.count;
        entry.hidden += batch.hidden ? 1 : 0;
      }
    }
    let cpu = 0;
    let ms = 0;
    let calls = 0;
    for (const [consumer, entry] of figures) {
      cpu += entry.cpu;
      ms += entry.ms;
      calls += entry.calls;
      console.log(
        `${consumer.padEnd(24)} ${entry.calls} calls, ${(entry.events / entry.calls).toFixed(1)} events a call, ${entry.hidden} hidden; ` +
          `per call: backend CPU ${((entry.cpu / entry.calls) * 1000).toFixed(3)} ms, wall ${(entry.ms / entry.calls).toFixed(3)} ms`,
      );
    }
    console.log(`all: per call backend CPU ${((cpu / calls) * 1000).toFixed(3)} ms, wall ${(ms / calls).toFixed(3)} ms (${calls} calls)`);
    if (statements) {
      const { rows } = await reader.query(
        `SELECT calls, total_exec_time / $1 AS ms, shared_blks_hit::float8 / $1 AS hits, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS text
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND calls >= $1 / 10
         ORDER BY total_exec_time DESC LIMIT 12`,
        [calls],
      );
      console.log('per call of consumer_next_batch (pg_stat_statements):');
      for (const row of rows as { calls: string; ms: number; hits: number; text: string }[])
        console.log(
          `  ${row.ms.toFixed(4).padStart(8)} ms ${row.hits.toFixed(1).padStart(6)} hits  x${(Number(row.calls) / calls).toFixed(2)}  ${row.text}`,
        );
    }
  } finally {
    await reader.end();
    if (process.env.KEEP) await dataSource.destroy();
    else await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
