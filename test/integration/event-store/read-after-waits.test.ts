import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { EventSchemas, EventStore, pgPoolOf, ProjectionNotReadyError, Subscriptions } from '@goodpay/event-store';
import { metadataFor } from '../../support/actors';
import { TOTALS_TABLE_SQL, TotalsProjection } from '../../support/fixtures/totals-projection';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * `?after=` reads wait for a projection to reach the caller's write. Many waiting readers must
 * cost a bounded number of queries (one listener, one check per checkpoint move), not a poll
 * each: 300 reads once made 16,000 transactions.
 */
describe('waiting for a projection: one listener per process, not a poll per reader', () => {
  let db: TestDatabase;
  /** The worker's side: its own pool, so its queries are not counted as the readers'. */
  let workerDataSource: DataSource;
  let worker: Subscriptions;
  /** The api's side: the readers wait here, and every query it makes is counted. */
  let readers: Subscriptions;
  let readerQueries: number;

  beforeEach(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(TOTALS_TABLE_SQL);
    workerDataSource = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 4 } }).initialize();
    worker = new Subscriptions(new EventStore(workerDataSource, new EventSchemas()));
    worker.register(new TotalsProjection({ batchSize: 10 }));
    readerQueries = 0;
    const pool = pgPoolOf(db.dataSource);
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    jest.spyOn(pool, 'query').mockImplementation(((...args: unknown[]) => {
      readerQueries += 1; // every statement of the readers goes through the pool (sqlOn)
      return query(...args);
    }) as never);
    readers = new Subscriptions(new EventStore(db.dataSource, new EventSchemas()));
    readers.register(new TotalsProjection());
  });
  afterEach(async () => {
    await readers.onModuleDestroy();
    await workerDataSource.destroy();
    await db.drop();
  });

  const write = async (count: number): Promise<string> => {
    const store = new EventStore(workerDataSource, new EventSchemas());
    let last = '0';
    for (let i = 0; i < count; i += 1) {
      ({ lastPosition: last } = await store.append(
        [{ streamId: `acct-${i % 3}`, expectedVersion: 'any', events: [{ type: 'Added', data: { amount: 1 } }] }],
        metadataFor(),
      ));
    }
    return last;
  };

  /** The listening connection as the server sees it. */
  const listenerPids = async (): Promise<number[]> => {
    const rows: { pid: number }[] = await workerDataSource.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'goodpay-checkpoint-listener'`,
    );
    return rows.map((row) => row.pid);
  };

  it('answers 300 waiting readers once the projection reaches their position, with a bounded number of queries', async () => {
    const last = await write(40);
    const positions = Array.from({ length: 300 }, (_, i) => String(BigInt(last) - BigInt(i % 40)));
    const answered: string[] = [];
    const waits = positions.map((position) => readers.waitFor('test-totals', position, 20_000).then(() => answered.push(position)));
    await sleep(1500); // the readers wait while the worker is idle: nothing may poll per reader
    expect(answered).toEqual([]);

    await worker.catchUpCompletely('test-totals'); // four batches of ten: four checkpoint moves
    await Promise.all(waits);
    expect(answered).toHaveLength(300);
    // One check on arrival (folded together), one per move, the slow safety net: not 300 x polls.
    expect(readerQueries).toBeGreaterThan(0);
    expect(readerQueries).toBeLessThan(30);
  });

  it('answers a reader whose write is already projected at once, and times a late one out with 503 projection_not_ready', async () => {
    const first = await write(1);
    await worker.catchUpCompletely('test-totals');
    await expect(readers.waitFor('test-totals', first, 5000)).resolves.toBeUndefined();

    const second = await write(1);
    const refusal = await readers.waitFor('test-totals', second, 300).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProjectionNotReadyError);
    expect(refusal).toMatchObject({ status: 503, code: 'projection_not_ready' });
    await expect(readers.waitFor('test-totals', '0', 10)).resolves.toBeUndefined();
  });

  it('wakes a reader on the checkpoint move without waiting for a poll', async () => {
    const position = await write(1);
    const waiting = readers.waitFor('test-totals', position, 5000);
    for (const deadline = Date.now() + 5000; (await listenerPids()).length === 0 && Date.now() < deadline;) await sleep(20);
    await sleep(50); // LISTEN follows the connection
    const before = readerQueries;
    await worker.catchUpCompletely('test-totals');
    await waiting;
    // The notification triggered exactly the one check that answered it (the safety net is 1 s away).
    expect(readerQueries - before).toBeLessThanOrEqual(2);
  });

  it('keeps answering when the listening connection is killed, and listens again', async () => {
    const position = await write(1);
    const waiting = readers.waitFor('test-totals', position, 10_000);
    for (const deadline = Date.now() + 5000; (await listenerPids()).length === 0 && Date.now() < deadline;) await sleep(20);
    const [killed] = await listenerPids();
    expect(killed).toBeDefined();
    await workerDataSource.query('SELECT pg_terminate_backend($1)', [killed]);

    await worker.catchUpCompletely('test-totals');
    await expect(waiting).resolves.toBeUndefined(); // the fallback poll answers while it is down

    const next = await write(1);
    const again = readers.waitFor('test-totals', next, 10_000);
    for (const deadline = Date.now() + 5000; ; await sleep(20)) {
      const pids = await listenerPids();
      if (pids.length > 0 && !pids.includes(killed)) break;
      if (Date.now() > deadline) throw new Error('the listener did not come back');
    }
    await worker.catchUpCompletely('test-totals');
    await expect(again).resolves.toBeUndefined();
  });

  it('times readers out on their own deadline when the database cannot be reached for checks', async () => {
    const position = await write(1);
    // Readers keep waiting while checks fail: they must not hang past their timeout.
    jest.spyOn(pgPoolOf(db.dataSource), 'query').mockImplementation((() => Promise.reject(new Error('connection refused'))) as never);
    const started = Date.now();
    await expect(readers.waitFor('test-totals', position, 400)).rejects.toBeInstanceOf(ProjectionNotReadyError);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
