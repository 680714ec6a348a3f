/**
 * The balance projection over a log whose events came in ONE transaction (an import, a long
 * outage of the worker), measured alone, without the api and the worker of `npm run bench`:
 *
 *   node -r @swc-node/register bench/one-transaction-log.ts setup --events=1000000 [--before=33600] [--ordinary]
 *     a database goodpay_test_<random> (a copy of the tests' migrated template), partitioned as the bench's
 *     log (250,000 positions a partition): `before` events in transactions of one prepayment
 *     each (the bench's earlier scenarios), then `events` prepayment events in one transaction
 *     as the catch-up scenario appends them (with --ordinary: a transaction per 100,000, as the
 *     rebuild scenario does), then VACUUM (ANALYZE); prints its name;
 *   ... rebuild --db=<name> [--one-share]   the raw replay of the log (as the rebuild scenario's),
 *     then Subscriptions.rebuild of prepayment-balances, with the server's CPU seconds (the whole
 *     server's: run it on a server of its own); with --one-share, each range applied whole on one
 *     connection, as a projection that does not split by stream (an A/B of the split);
 *   ... live --db=<name> [--events=N] [--batch=B]   the live projection emptied and caught up from
 *     the start by batches of B events (processBatch; by default 5,000, the largest the worker's
 *     catch-up reaches), N events at most, with the server's CPU seconds;
 *   ... drop --db=<name>.
 * Figures are only comparable back to back on the same machine.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { POSTGRES_SESSION_OPTIONS } from '@goodpay/platform';
import { EventSchemas, EventStore, eventStoreMigrations, Subscriptions } from '@goodpay/event-store';
import { PREPAYMENT_BALANCES, PREPAYMENT_BALANCES_TABLES, PrepaymentBalancesProjection, prepaymentMigrations } from '@goodpay/prepayment';
import { createTestDatabase, dropDatabase, TEST_SERVER_URL } from '../test/support/test-database';
import { appendPrepaymentEvents, rawReplay } from './scenarios/rebuild.scenario';
import { partitionLogFinely } from './support/bench-system';
import { round, timed } from './support/measurement';
import { parentPid, serverCpuSeconds } from './support/process-usage';

const PARTITION_SIZE = 250_000; // FULL_SIZES.eventsPartitionSize
const LIVE_BATCH = 5000; // the largest batch of a consumer's catch-up (MAX_BATCH_SIZE)
const log = (message: string) => process.stdout.write(`${message}\n`);

const option = (args: string[], name: string): string | undefined =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

/**
 * CPU seconds the server's backends on `database` have used so far, from /proc (the server runs
 * on this machine): a figure the other sessions' load does not change as much as the wall time.
 */
async function backendsCpuSeconds(dataSource: DataSource, database: string): Promise<number> {
  const rows: { pid: number }[] = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [database]);
  let ticks = 0;
  for (const { pid } of rows) {
    // Fields 14 and 15 (utime, stime) after the command name in parentheses.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

/** Runs `work`, then says its wall time and the server's CPU time on the database meanwhile. */
async function measured<T>(
  dataSource: DataSource,
  database: string,
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number; cpu: number }> {
  const before = await backendsCpuSeconds(dataSource, database);
  const { result, seconds } = await timed(work);
  return { result, seconds, cpu: (await backendsCpuSeconds(dataSource, database)) - before };
}

async function openSubscriptions(url: string, oneShare = false): Promise<{ dataSource: DataSource; subscriptions: Subscriptions }> {
  const dataSource = await new DataSource({ type: 'postgres', url, extra: { max: 4, options: POSTGRES_SESSION_OPTIONS } }).initialize();
  const subscriptions = new Subscriptions(new EventStore(dataSource, new EventSchemas()));
  const projection = new PrepaymentBalancesProjection();
  subscriptions.register(oneShare ? Object.assign(projection, { splitsByStream: undefined }) : projection);
  return { dataSource, subscriptions };
}

async function setup(events: number, before: number, atOnce: boolean): Promise<void> {
  // A copy of the tests' migrated template, kept (not dropped) for the measuring commands.
  const { name, url, dataSource } = await createTestDatabase([...eventStoreMigrations, ...prepaymentMigrations], { poolSize: 2 });
  // As the bench's bulk scenarios: the log across partitions of their size.
  await partitionLogFinely((text, params) => dataSource.query(text, params), {
    size: PARTITION_SIZE,
    ahead: Math.ceil(events / PARTITION_SIZE) + 2,
  });
  await dataSource.destroy();

  const pool = new Pool({ connectionString: url, max: 2 });
  const shop = { merchantId: 'm-bench', campaignId: 'c-bench' };
  for (let done = 0; done < before; done += 10) await appendPrepaymentEvents({ pool }, shop, 10);
  const appended = await timed(() => appendPrepaymentEvents({ pool }, shop, events, { atOnce }));
  await pool.query('VACUUM (ANALYZE) events');
  await pool.end();
  log(
    `${name}: ${before} events, then ${appended.result.events} appended ${atOnce ? 'in one transaction' : 'a transaction per 100,000'} in ${round(appended.seconds)} s`,
  );
}

async function rebuild(url: string, oneShare: boolean): Promise<void> {
  const { dataSource, subscriptions } = await openSubscriptions(url, oneShare);
  try {
    const projection = subscriptions.projection(PREPAYMENT_BALANCES);
    const replay = await timed(() => rawReplay(dataSource, new EventSchemas(), projection.eventTypes));
    // The whole server's CPU: the split's backends, the index builds' parallel workers, the ended ones.
    const [{ pid }] = await dataSource.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
    const postmaster = parentPid(pid)!;
    const before = serverCpuSeconds(postmaster)!;
    const [load] = loadavg();
    const { result, seconds } = await timed(() => subscriptions.rebuild(PREPAYMENT_BALANCES));
    const cpu = serverCpuSeconds(postmaster)! - before;
    log(
      `rebuild (${oneShare ? 'one share' : 'shares'}): ${result.read} events in ${round(seconds)} s = ${Math.round(result.read / seconds)} events/s, ` +
        `server CPU ${round(cpu)} s (${round(cpu / seconds)} cores); raw replay ${Math.round(replay.result / replay.seconds)} events/s; load ${round(load)}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

async function live(url: string, database: string, most: number, batch: number): Promise<void> {
  const { dataSource, subscriptions } = await openSubscriptions(url);
  try {
    await dataSource.query(`TRUNCATE ${PREPAYMENT_BALANCES_TABLES.join(', ')}`);
    await dataSource.query(`DELETE FROM subscription_checkpoints WHERE name = $1`, [PREPAYMENT_BALANCES]);
    await dataSource.query(`ANALYZE ${PREPAYMENT_BALANCES_TABLES.join(', ')}`);
    let read = 0;
    const { seconds, cpu } = await measured(dataSource, database, async () => {
      for (;;) {
        const count = await subscriptions.processBatch(PREPAYMENT_BALANCES, batch);
        read += count;
        if (count < batch || read >= most) return;
      }
    });
    log(
      `live: ${read} events by batches of ${batch} in ${round(seconds)} s = ${Math.round(read / seconds)} events/s, server CPU ${round(cpu)} s`,
    );
  } finally {
    await dataSource.destroy();
  }
}

async function main([command, ...args]: string[]): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const db = option(args, 'db');
  if (command === 'setup')
    return setup(Number(option(args, 'events') ?? 1_000_000), Number(option(args, 'before') ?? 0), !args.includes('--ordinary'));
  if (!db?.startsWith('goodpay_test_')) throw new Error('--db=goodpay_test_... (made by setup)');
  const url = `${TEST_SERVER_URL}/${db}`;
  if (command === 'rebuild') return rebuild(url, args.includes('--one-share'));
  if (command === 'live') return live(url, db, Number(option(args, 'events') ?? Infinity), Number(option(args, 'batch') ?? LIVE_BATCH));
  if (command === 'drop') return dropDatabase(db);
  throw new Error(`unknown command ${command}: setup, rebuild, live or drop`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
