import { loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { POSTGRES_SESSION_OPTIONS } from '@goodpay/platform';
import { EventSchemas, EventStore, openLogCursor, REBUILD_BATCH_SIZE, START, Subscriptions } from '@goodpay/event-store';
import type { BenchSystem } from '../support/bench-system';
import type { Shop } from '../support/bench';
import { PREPAYMENT_BALANCES, PrepaymentBalancesProjection } from '@goodpay/prepayment';
import { round, timed } from '../support/measurement';
import { parentPid, serverCpuSeconds } from '../support/process-usage';
import type { Scenario } from './scenario';

const EVENTS_PER_PREPAYMENT = 10; // made, then nine redemptions
const ROWS_PER_STATEMENT = 100_000;

/**
 * Synthetic prepayments straight into the log, by one INSERT ... SELECT per chunk (own
 * transaction each): every stream is `prepayment-<uuid>` at versions 1..10, a PrepaymentMade of
 * 100,000 won then nine PrepaymentRedeemed of 1,000 won with the balance each leaves, in
 * position order inside the chunk, and its event_streams row at version 10. The same shapes
 * the decider writes, so the projection applies them as it would real ones.
 */
const GENERATE_SQL = `
  WITH prepayments AS (
    SELECT i, md5('bench-rebuild-' || $1 || '-' || i)::uuid::text AS id
    FROM generate_series($2::int, $3::int) AS i
  ),
  streams AS (
    INSERT INTO event_streams (stream_id, stream_type, version)
    SELECT 'prepayment-' || id, 'prepayment', ${EVENTS_PER_PREPAYMENT} FROM prepayments
  )
  INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
  SELECT gen_random_uuid(), 'prepayment-' || p.id, v.n,
         CASE WHEN v.n = 1 THEN 'PrepaymentMade' ELSE 'PrepaymentRedeemed' END, 1,
         CASE WHEN v.n = 1 THEN jsonb_build_object(
                'prepaymentId', p.id, 'code', 'bench-' || $1 || '-' || p.i,
                'payer', jsonb_build_object('id', 'bench-payer-' || p.i, 'kind', 'citizen'),
                'merchantId', $4::text, 'campaignId', $5::text, 'amount', 100000, 'channel', 'at_shop',
                'paymentConfirmation', null, 'merchantCategory', 'restaurant', 'merchantDistrict', 'Wansan-gu',
                'paidAt', '2025-01-20T01:00:00.000Z')
              ELSE jsonb_build_object(
                'prepaymentId', p.id, 'merchantId', $4::text, 'redemptionId', md5(p.id || '-' || v.n)::uuid::text,
                'amount', 1000, 'balanceAfter', 100000 - 1000 * (v.n - 1), 'redeemedAt', '2025-01-20T02:00:00.000Z')
         END,
         '{"correlationId": "bench-rebuild", "causationId": null, "actor": {"id": "bench", "role": "staff"}}'::jsonb
  FROM prepayments p CROSS JOIN generate_series(1, ${EVENTS_PER_PREPAYMENT}) AS v(n)
  ORDER BY p.i, v.n`;

/**
 * Appends about `count` synthetic prepayment events straight to the log, by statements of
 * ROWS_PER_STATEMENT events. By default each statement is its own transaction (a log built up
 * before a measurement); `atOnce` puts them all in one transaction, so they become visible to the
 * consumers together, at one commit: an import, or what a long outage of the worker leaves.
 * Returns how many it appended, the last of them (its place in the log's order) and when it was
 * committed (epoch ms). The fresh rows are not analysed here: the caller decides when.
 */
export async function appendPrepaymentEvents(
  system: Pick<BenchSystem, 'pool'>,
  shop: Pick<Shop, 'merchantId' | 'campaignId'>,
  count: number,
  { atOnce = false }: { atOnce?: boolean } = {},
): Promise<{ events: number; last: { transactionId: string; position: string }; committedAt: number }> {
  const prepayments = Math.max(0, Math.ceil(count / EVENTS_PER_PREPAYMENT));
  const seed = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const perStatement = ROWS_PER_STATEMENT / EVENTS_PER_PREPAYMENT;
  const client = await system.pool!.connect();
  let committedAt: number;
  let last: { transactionId: string; position: string } | undefined;
  try {
    if (atOnce) await client.query('BEGIN');
    try {
      for (let from = 1; from <= prepayments; from += perStatement) {
        await client.query(GENERATE_SQL, [seed, from, Math.min(prepayments, from + perStatement - 1), shop.merchantId, shop.campaignId]);
      }
      // Inside the one transaction its own last row; otherwise the log's (nothing else appends meanwhile).
      const { rows } = await client.query<{ transaction_id: string; position: string }>(
        `SELECT transaction_id::text, global_position::text AS position FROM events
         ${atOnce ? 'WHERE transaction_id = pg_current_xact_id()' : ''}
         ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      );
      if (rows[0]) last = { transactionId: rows[0].transaction_id, position: rows[0].position };
      if (atOnce) await client.query('COMMIT');
    } catch (error) {
      if (atOnce) await client.query('ROLLBACK');
      throw error;
    }
    committedAt = Date.now();
  } finally {
    client.release();
  }
  return { events: prepayments * EVENTS_PER_PREPAYMENT, last: last ?? { transactionId: '0', position: '0' }, committedAt };
}

/**
 * The raw replay: the log read as the rebuild's bulk reads it (one cursor over the projection's
 * types, below a horizon fixed at the start, in batches of the rebuild's size), each event
 * decoded, nothing applied. The rate a rebuild could at best reach.
 */
export async function rawReplay(dataSource: DataSource, schemas: EventSchemas, types: readonly string[]): Promise<number> {
  const cursor = await openLogCursor(dataSource, schemas, START, types, REBUILD_BATCH_SIZE);
  try {
    let read = 0;
    for (;;) {
      const events = await cursor.next();
      read += events.length;
      if (events.length < REBUILD_BATCH_SIZE) return read;
    }
  } finally {
    await cursor.close();
  }
}

/**
 * Rebuilding the balance projection from position 0 over a log of `rebuildEvents` events, as
 * `cli projection:rebuild prepayment-balances` does (Subscriptions.rebuild, default batches),
 * with the raw replay of the same log beside it (see rawReplay). The worker is stopped first:
 * the rebuild is measured alone, not racing the live projection.
 */
export const rebuildScenario: Scenario = {
  title: 'rebuild of the balance projection',
  produces: ['rebuild_events_per_s', 'raw_replay_events_per_s'],
  async run({ system, sizes, shop, log }) {
    await system.stopWorker();
    const [{ n }] = await system.sql<{ n: number }>('SELECT count(*)::int AS n FROM events');
    log(`  generating ${Math.max(0, sizes.rebuildEvents - n)} events (the log has ${n})`);
    const generated = await timed(() => appendPrepaymentEvents(system, shop, sizes.rebuildEvents - n));
    // As a log that has stood a while (autovacuum): neither pass below pays the first reading of fresh rows.
    await system.sql('VACUUM (ANALYZE) events');
    // The bench's log is partitioned finely (BenchSystem.start): the rebuild reads across several.
    const [{ partitions }] = await system.sql<{ partitions: number }>('SELECT count(DISTINCT tableoid)::int AS partitions FROM events');

    const dataSource = await new DataSource({
      type: 'postgres',
      url: system.databaseUrl,
      extra: { max: 4, options: POSTGRES_SESSION_OPTIONS },
    }).initialize();
    try {
      const schemas = new EventSchemas();
      const projection = new PrepaymentBalancesProjection();
      // The server's CPU for each pass, when it runs on this machine: the whole server's, every
      // backend and helper of it (exact on a server the bench has to itself, see docs/performance.md).
      const [{ pid }] = await dataSource.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
      const postmaster = parentPid(pid);
      const serverCpu = () => (postmaster === undefined ? NaN : (serverCpuSeconds(postmaster) ?? NaN));
      let serverBefore = serverCpu();
      const replay = await timed(() => rawReplay(dataSource, schemas, projection.eventTypes));
      const replayServerCpu = serverCpu() - serverBefore;
      const subscriptions = new Subscriptions(new EventStore(dataSource, schemas));
      subscriptions.register(projection);
      log(`  rebuilding ${PREPAYMENT_BALANCES}`);
      // The machine may be shared: say how busy it was, and how much of a core this process used.
      const [load] = loadavg();
      const cpu = process.cpuUsage();
      serverBefore = serverCpu();
      const { result, seconds } = await timed(() => subscriptions.rebuild(PREPAYMENT_BALANCES));
      const rebuildServerCpu = serverCpu() - serverBefore;
      const { user, system: kernel } = process.cpuUsage(cpu);
      return {
        rebuild_events_per_s: {
          value: round(result.read / seconds),
          unit: 'events/s',
          events: result.read,
          partitions,
          seconds: round(seconds, 1),
          generate_seconds: round(generated.seconds, 1),
          raw_replay_events_per_s: round(replay.result / replay.seconds),
          node_cpu_seconds: round((user + kernel) / 1e6, 1),
          // Cores the server kept busy on average: CPU seconds over wall seconds.
          server_cpu_seconds: round(rebuildServerCpu, 1),
          server_cores: round(rebuildServerCpu / seconds, 2),
          load_average: round(load, 1),
        },
        raw_replay_events_per_s: {
          value: round(replay.result / replay.seconds),
          unit: 'events/s',
          events: replay.result,
          seconds: round(replay.seconds, 1),
          server_cpu_seconds: round(replayServerCpu, 1),
        },
      };
    } finally {
      await dataSource.destroy();
    }
  },
};
