import { randomUUID } from 'node:crypto';
import { EventSchemas, EventStore, readCheckpoint, sqlOn, Subscriptions } from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { flushPrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../support/test-redis';
import { metadataFor } from '../support/actors';
import { type RunningProcess, startTsProcess } from '../support/processes';
import { expectedTotals, readTotals, TOTALS_TABLE_SQL, TotalsProjection } from '../support/fixtures/totals-projection';

/**
 * A real worker process, SIGKILLed in the middle of its projection batches, its Redis
 * keys wiped, then restarted: the read model must end equal to a rebuild from the log,
 * with nothing lost or applied twice.
 */
describe('fault: a projection worker killed mid-batch and a Redis that lost everything', () => {
  let db: TestDatabase;
  let store: EventStore;
  let worker: RunningProcess | undefined;
  const prefix = uniqueQueuePrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(TOTALS_TABLE_SQL);
    store = new EventStore(db.dataSource, new EventSchemas());
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await flushPrefix(prefix);
    await db.drop();
  });

  const startWorker = (extraEnv: Record<string, string> = {}) =>
    startTsProcess('test/support/fixtures/totals-worker-process.ts', {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
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
    await flushPrefix(prefix);

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
});
