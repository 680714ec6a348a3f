/**
 * What each consumer of a backlog spends per batch, measured alone: `count` prepayment events
 * appended in one transaction (as the catch-up scenario does) to a scratch database, then each
 * named consumer catches up through them in batches of `batch`, one after the other, each batch
 * a transaction of Subscriptions.batchIn. Per consumer: wall time, the database
 * backend's CPU and this process's CPU (both from /proc: they hardly move with the machine's
 * load), and the time of each statement it ran, grouped by the statement's first words.
 *
 *   node -r @swc-node/register bench/consumer-costs.ts [count=50000] [batch=1000] [consumer,...] [--live]
 *
 * With `--live`, the batches of a consumer under commands instead: 20,000 events appended and
 * caught up first (so that no table is empty), then `count` events in transactions of one
 * prepayment each (made and nine redemptions, ten events, as commands leave them), read in
 * batches of `batch` (10: about what a wake-up finds under the command load).
 */
import { API_MIGRATIONS } from '../apps/api/src/every-process';
import { inTransaction, NEXT_BATCH_STATEMENT, type Sql } from '@goodpay/event-store';
import { createTestDatabase } from '../test/support/test-database';
import { appendPrepaymentEvents } from './scenarios/rebuild.scenario';
import { cpuSeconds } from './support/process-usage';
import { scratchConsumers } from './support/scratch-consumers';

/** A statement's key in the times: its first words. */
const keyOf = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 70);

/** Times each statement by its first words. */
class TimedSql implements Sql {
  constructor(
    private readonly inner: Sql,
    private readonly times: Map<string, { ms: number; n: number }>,
  ) {}

  async query<Row>(text: string, params?: readonly unknown[], name?: string) {
    const started = performance.now();
    try {
      return await this.inner.query<Row>(text, params, name);
    } finally {
      const key = keyOf(text);
      const entry = this.times.get(key) ?? { ms: 0, n: 0 };
      entry.ms += performance.now() - started;
      entry.n += 1;
      this.times.set(key, entry);
    }
  }
}

async function main(): Promise<void> {
  const live = process.argv.includes('--live');
  const [countArg, batchArg, onlyArg] = process.argv.slice(2).filter((arg) => arg !== '--live');
  const count = Number(countArg ?? 50_000);
  const batch = Number(batchArg ?? 1000);
  const only = onlyArg?.split(',');
  // A copy of the migrated template the tests use (rebuilt whenever a migration changes); one
  // connection, so that one backend's CPU is every statement's.
  const db = await createTestDatabase(API_MIGRATIONS, { poolSize: 1 });
  const { name, dataSource } = db;
  try {
    const { consumers, subscriptions, shop, system } = scratchConsumers(dataSource, only);
    let appended: Awaited<ReturnType<typeof appendPrepaymentEvents>>;
    if (live) {
      await appendPrepaymentEvents(system, shop, 20_000, { atOnce: true });
      for (const consumer of consumers) await subscriptions.catchUpCompletely(consumer.name, 10 * 60_000);
      appended = await appendPrepaymentEvents(system, shop, 10);
      for (let events = 10; events < count; events += 10) appended = await appendPrepaymentEvents(system, shop, 10);
    } else {
      appended = await appendPrepaymentEvents(system, shop, count, { atOnce: true });
    }
    await dataSource.query('ANALYZE events');
    // The horizon is the server's: other databases' open transactions hold it back.
    for (let waited = 0; ; waited += 100) {
      const [{ visible }] = await dataSource.query(`SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 AS visible`, [
        appended.last.transactionId,
      ]);
      if (visible) break;
      if (waited % 5000 === 0) console.log(`waiting for the horizon (${waited} ms)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(
      `${name}: ${live ? `${count} events, ten a transaction` : `${appended.events} events in one transaction`}; batches of ${batch}`,
    );
    const [{ pid }] = await dataSource.query('SELECT pg_backend_pid() AS pid');
    for (const consumer of consumers) {
      const times = new Map<string, { ms: number; n: number }>();
      let batchMs = 0;
      let batches = 0;
      let events = 0;
      const started = performance.now();
      const serverCpu = cpuSeconds(pid)!;
      const nodeCpu = process.cpuUsage();
      for (;;) {
        const t0 = performance.now();
        const { count: handled } = await inTransaction(dataSource, (raw) =>
          subscriptions.batchIn(new TimedSql(raw, times), consumer.name, batch),
        );
        batchMs += performance.now() - t0;
        batches += 1;
        events += handled;
        if (handled < batch) break;
      }
      const seconds = (performance.now() - started) / 1000;
      // The read: the batch's first statement (its lock, checkpoint, events and the checkpoint's move); the rest is the apply.
      const readMs = times.get(keyOf(NEXT_BATCH_STATEMENT))?.ms ?? 0;
      const node = process.cpuUsage(nodeCpu);
      const server = cpuSeconds(pid)! - serverCpu;
      console.log(
        `\n${consumer.name}: ${events} events, ${batches} batches, ${seconds.toFixed(1)} s (${Math.round(events / seconds)}/s); ` +
          `per batch: read ${(readMs / batches).toFixed(0)} ms, apply ${((batchMs - readMs) / batches).toFixed(0)} ms; ` +
          `CPU: server ${server.toFixed(2)} s, node ${((node.user + node.system) / 1e6).toFixed(2)} s`,
      );
      for (const [key, { ms, n }] of [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8))
        console.log(`  ${(ms / batches).toFixed(1).padStart(7)} ms/batch  x${(n / batches).toFixed(1)}  ${key}`);
    }
    await subscriptions.onModuleDestroy();
  } finally {
    if (process.env.KEEP) await dataSource.destroy();
    else await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
