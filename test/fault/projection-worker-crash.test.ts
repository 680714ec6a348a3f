import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { EventSchemas, EventStore, readCheckpoint, sqlOn, Subscriptions } from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { flushPrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../support/test-redis';
import { metadataFor } from '../support/actors';
import { eventually, type RunningProcess, startTsProcess } from '../support/processes';
import { RedisCluster } from '../support/redis-cluster';
import { createRedisClient, type RedisSettings } from '../../libs/platform/src/queues/redis-options';
import { expectedTotals, readTotals, TOTALS_TABLE_SQL, TotalsProjection } from '../support/fixtures/totals-projection';

/** The Redis the worker runs on: the shared one, or a Redis Cluster the test starts (issue 18). */
interface RedisUnderTest {
  start(): Promise<void>;
  settings(): RedisSettings;
  prefix: string;
  stop(): Promise<void>;
  /** A cluster only: SIGKILLs the master holding `key`, resolved once its replica took over. */
  killMasterOf?(key: string): Promise<{ killed: number; promoted: number }>;
}

const singleRedis = (): RedisUnderTest => ({
  prefix: uniqueQueuePrefix(),
  start: async () => undefined,
  settings: () => ({ REDIS_URL: TEST_REDIS_URL }),
  stop: async () => undefined,
});

const redisCluster = (): RedisUnderTest => {
  const cluster = new RedisCluster();
  return {
    // A hash tag: every key of a queue in one slot, as BullMQ needs on a cluster.
    prefix: `{goodpay-test-${randomBytes(6).toString('hex')}}`,
    start: async () => void (await cluster.start()),
    settings: () => cluster.settings,
    stop: () => cluster.stop(),
    killMasterOf: (key: string) => cluster.killMasterOf(key),
  };
};

/**
 * A real worker process, SIGKILLed in the middle of its projection batches, its Redis
 * keys wiped, then restarted: the read model must end equal to a rebuild from the log,
 * with nothing lost or applied twice. The same on one Redis and on a Redis Cluster of three
 * masters with a replica each; on the cluster, a master SIGKILLed mid-run is survived too.
 */
describe.each([
  ['one Redis', singleRedis],
  ['a Redis Cluster', redisCluster],
])('fault: a projection worker killed mid-batch and a Redis that lost everything, on %s', (_label, makeRedis) => {
  let db: TestDatabase;
  let store: EventStore;
  let worker: RunningProcess | undefined;
  const redis = makeRedis();
  const prefix = redis.prefix;

  beforeAll(async () => {
    await redis.start();
    db = await createTestDatabase();
    await db.dataSource.query(TOTALS_TABLE_SQL);
    store = new EventStore(db.dataSource, new EventSchemas());
  }, 90_000);
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await flushPrefix(prefix, redis.settings()).catch(() => undefined);
    await redis.stop();
    await db?.drop();
  }, 60_000);

  const startWorker = (extraEnv: Record<string, string> = {}) =>
    startTsProcess('test/support/fixtures/totals-worker-process.ts', {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_CLUSTER_NODES: (redis.settings().REDIS_CLUSTER_NODES ?? []).join(','),
      QUEUE_PREFIX: prefix,
      BATCH_SIZE: '10',
      ...extraEnv,
    });

  const addEvents = async (count: number) => {
    const streams = Array.from({ length: 7 }, () => `acct-${randomUUID()}`);
    let position = '0';
    for (let i = 0; i < count; i += 1) {
      ({ lastPosition: position } = await store.append(
        [{ streamId: streams[i % streams.length], expectedVersion: 'any', events: [{ type: 'Added', data: { amount: 1000 + i } }] }],
        metadataFor(),
      ));
    }
    return position;
  };

  it('ends equal to a rebuild, nothing lost or doubled', async () => {
    await addEvents(300);

    // It stops inside a batch after the 156th event (amounts are 1000 + i): killed there, whatever
    // the load, not after it has finished (as a kill timed by polling could be).
    worker = startWorker({ HANG_AFTER_AMOUNT: String(1000 + 155) });
    await worker.waitForOutput(/hanging inside a batch/);
    expect(await worker.kill('SIGKILL')).toBeNull(); // killed by the signal, mid-run

    // What was committed is exactly the events up to the checkpoint: no half batch.
    const { transactionId, position } = await readCheckpoint(sqlOn(db.dataSource), 'test-totals');
    const appliedSoFar = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM events WHERE (transaction_id, global_position) <= ($1::xid8, $2::bigint) AND type = 'Added'`,
      [transactionId, position],
    );
    const projectedSoFar = await db.dataSource.query('SELECT coalesce(sum(applied), 0)::int AS n FROM test_totals');
    expect(projectedSoFar[0].n).toBe(appliedSoFar[0].n);
    expect(appliedSoFar[0].n).toBeGreaterThan(0); // earlier batches committed,
    expect(appliedSoFar[0].n).toBeLessThan(156); // the one it died in did not

    // More commits while no worker runs, and then Redis loses every key we had.
    const last = await addEvents(50);
    await flushPrefix(prefix, redis.settings());

    worker = startWorker();
    await worker.waitForOutput(/ready/);
    const subscriptions = new Subscriptions(store);
    subscriptions.register(new TotalsProjection());
    await subscriptions.waitFor('test-totals', last, 30_000);
    await worker.kill('SIGTERM');

    const live = await readTotals(sqlOn(db.dataSource));
    expect(live).toEqual(await expectedTotals(sqlOn(db.dataSource)));
    await subscriptions.rebuild('test-totals');
    expect(await readTotals(sqlOn(db.dataSource))).toEqual(live);
  });

  if (redis.killMasterOf) {
    it('survives the failover of the master that holds its queue', async () => {
      worker = startWorker();
      await worker.waitForOutput(/ready/);
      const subscriptions = new Subscriptions(store);
      subscriptions.register(new TotalsProjection());
      await subscriptions.waitFor('test-totals', await addEvents(20), 30_000);

      // The master holding the queue's slot dies; its replica is promoted by the cluster.
      const { killed, promoted } = await redis.killMasterOf!(prefix);
      expect(promoted).not.toBe(killed);

      // Jobs go through BullMQ again: one added now is run by the same worker process.
      const connection = createRedisClient(redis.settings());
      const queue = new Queue('projections', { connection, prefix });
      try {
        const job = await queue.add('catch-up', { projection: 'test-totals' }, { jobId: `after-failover-${randomUUID()}` });
        await eventually(async () => (await job.getState()) === 'completed', 'the job added after the failover is run', 30_000);
      } finally {
        await queue.close();
        await connection.quit().catch(() => undefined);
      }
      await subscriptions.waitFor('test-totals', await addEvents(20), 30_000);
      expect(worker.child.exitCode).toBeNull();
      await worker.kill('SIGTERM');
      expect(await readTotals(sqlOn(db.dataSource))).toEqual(await expectedTotals(sqlOn(db.dataSource)));
    });
  }
});
