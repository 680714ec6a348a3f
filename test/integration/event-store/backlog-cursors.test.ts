import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BACKLOG_CURSOR_IDLE_MS,
  type BatchReport,
  EventSchemas,
  EventStore,
  type Projection,
  type RecordedEvent,
  readCheckpoint,
  type Sql,
  sqlOn,
  Subscriptions,
} from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { metadataFor } from '../../support/actors';

/** Records each applied event's place, in the order applied: an event applied twice, lost or out of order shows. */
class ArrivalsProjection implements Projection {
  readonly name = 'arrivals';
  readonly eventTypes = ['Added'];
  readonly tables = ['arrivals'];
  /** Fails the batch holding the event of this amount, as many times as `failures` says. */
  constructor(private readonly failOn?: { amount: number; failures: number }) {}

  async apply(events: readonly Omit<RecordedEvent, 'metadata'>[], sql: Sql): Promise<void> {
    const amounts = events.map((event) => (event.data as { amount: number }).amount);
    if (this.failOn && this.failOn.failures > 0 && amounts.includes(this.failOn.amount)) {
      this.failOn.failures -= 1;
      throw new Error(`failed on amount ${this.failOn.amount}`);
    }
    await sql.query(
      `INSERT INTO arrivals (transaction_id, position) SELECT t::xid8, p::bigint FROM unnest($1::text[], $2::text[]) AS x(t, p)`,
      [events.map((event) => event.transactionId), events.map((event) => event.globalPosition)],
    );
  }
}

/**
 * A consumer with a backlog reads it through a cursor, the next batch fetched while the one
 * before it is applied (Backlog): the same events in the same order as batches read one by one,
 * each applied once, whatever else moves its checkpoint, fails, or is appended meanwhile.
 */
describe('subscriptions: a backlog read ahead through a cursor', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(`CREATE TABLE arrivals (n serial PRIMARY KEY, transaction_id xid8 NOT NULL, position bigint NOT NULL)`);
    store = new EventStore(db.dataSource, new EventSchemas());
  });
  afterEach(() => db.drop());

  /** `count` transactions of an Added and an Ignored event each, amounts numbered on from `from`. */
  const addMany = async (count: number, from = 1) => {
    for (let i = 0; i < count; i += 1) {
      await store.append(
        [
          {
            streamId: `acct-${randomUUID()}`,
            expectedVersion: 'no_stream',
            events: [
              { type: 'Added', data: { amount: from + i } },
              { type: 'Ignored', data: {} },
            ],
          },
        ],
        metadataFor(),
      );
    }
  };

  const subscriptionsWith = (projection: Projection) => {
    const subscriptions = new Subscriptions(store);
    subscriptions.register(projection);
    const reports: BatchReport[] = [];
    subscriptions.onBatch((report) => reports.push(report));
    return { subscriptions, reports };
  };

  /** Every Added event of the log, in the gap-safe order, once each: what the arrivals must be. */
  const expectEveryEventOnceInOrder = async () => {
    const arrived = await db.dataSource.query(`SELECT transaction_id::text, position::text FROM arrivals ORDER BY n`);
    const logged = await db.dataSource.query(
      `SELECT transaction_id::text, global_position::text AS position FROM events WHERE type = 'Added' ORDER BY transaction_id, global_position`,
    );
    expect(arrived).toEqual(logged);
  };

  /**
   * One bounded turn of a catch-up (a batch, then it hands over), taken again while everything
   * was hidden from it: another database's transaction open on the server holds the horizon.
   */
  const turn = async (subscriptions: Subscriptions, batchSize: number) => {
    for (;;) {
      const result = await subscriptions.catchUp('arrivals', { batchSize, until: Date.now() });
      if (result.read > 0 || !result.unread) return result;
      await sleep(20);
    }
  };

  /** Connections of this database inside a transaction, idle: a backlog's cursor between fetches. */
  const openCursors = async () =>
    Number(
      (
        await db.dataSource.query(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND query LIKE 'FETCH%'`,
        )
      )[0].n,
    );

  it('reads on through the cursor after a full batch, and passes the events of other types at its end', async () => {
    await addMany(95);
    const { subscriptions, reports } = subscriptionsWith(new ArrivalsProjection());
    expect((await subscriptions.catchUpCompletely('arrivals', 30_000, 10)).read).toBe(95);
    await expectEveryEventOnceInOrder();
    // The first batch is read as ever; the rest come read ahead, ten at a time.
    expect(reports.filter((r) => r.events > 0).map((r) => [r.events, r.readAhead ?? false])).toEqual([
      [10, false],
      ...Array.from({ length: 8 }, () => [10, true]),
      [5, true],
    ]);
    const [last] = await db.dataSource.query(
      `SELECT transaction_id::text AS "transactionId", global_position::text AS position FROM events ORDER BY global_position DESC LIMIT 1`,
    );
    expect(await readCheckpoint(sqlOn(db.dataSource), 'arrivals')).toEqual(last); // an Ignored event
    expect(await openCursors()).toBe(0);
  });

  it('keeps the cursor between bounded turns, and applies after it what was appended meanwhile', async () => {
    await addMany(40);
    const { subscriptions, reports } = subscriptionsWith(new ArrivalsProjection());
    expect(await turn(subscriptions, 10)).toEqual({ read: 10, unread: true, handedOver: true });
    expect(await openCursors()).toBe(1);
    await addMany(15, 41); // after the cursor's horizon
    expect(await turn(subscriptions, 10)).toEqual({ read: 10, unread: true, handedOver: true });
    expect(reports.at(-1)?.readAhead).toBe(true);
    expect((await subscriptions.catchUpCompletely('arrivals', 30_000, 10)).read).toBe(35);
    await expectEveryEventOnceInOrder();
    expect(await openCursors()).toBe(0);
  });

  it('drops a backlog whose checkpoint another process moved, and applies nothing twice', async () => {
    await addMany(50);
    const first = subscriptionsWith(new ArrivalsProjection());
    await turn(first.subscriptions, 10);
    expect(await openCursors()).toBe(1);
    // Another worker takes the consumer up meanwhile, past what the first one's cursor holds.
    const other = subscriptionsWith(new ArrivalsProjection());
    await other.subscriptions.catchUpCompletely('arrivals', 30_000, 20);
    await addMany(5, 51);
    expect((await first.subscriptions.catchUpCompletely('arrivals', 30_000, 10)).read).toBe(5);
    expect(first.reports.slice(1).some((r) => r.readAhead)).toBe(false);
    await expectEveryEventOnceInOrder();
    expect(await openCursors()).toBe(0);
    await other.subscriptions.onModuleDestroy();
  });

  it('leaves no trace of a batch from the cursor that fails, and applies it once on the next run', async () => {
    await addMany(30);
    const { subscriptions, reports } = subscriptionsWith(new ArrivalsProjection({ amount: 25, failures: 1 }));
    await expect(subscriptions.catchUpCompletely('arrivals', 30_000, 10)).rejects.toThrow('failed on amount 25');
    expect(reports.at(-1)).toMatchObject({ events: 0, readAhead: true });
    expect(Number((await db.dataSource.query(`SELECT count(*) AS n FROM arrivals`))[0].n)).toBe(20);
    expect(await openCursors()).toBe(0);
    expect((await subscriptions.catchUpCompletely('arrivals', 30_000, 10)).read).toBe(10);
    await expectEveryEventOnceInOrder();
  });

  it('reads batch by batch, without a cursor, from a pool too small to spare it a connection', async () => {
    const small = await createTestDatabase(undefined, { poolSize: 1 });
    try {
      await small.dataSource.query(`CREATE TABLE arrivals (n serial PRIMARY KEY, transaction_id xid8 NOT NULL, position bigint NOT NULL)`);
      const smallStore = new EventStore(small.dataSource, new EventSchemas());
      const events = Array.from({ length: 30 }, (_, i) => ({ type: 'Added', data: { amount: i + 1 } }));
      await smallStore.append([{ streamId: `acct-${randomUUID()}`, expectedVersion: 'no_stream', events }], metadataFor());
      const subscriptions = new Subscriptions(smallStore);
      subscriptions.register(new ArrivalsProjection());
      const reports: BatchReport[] = [];
      subscriptions.onBatch((report) => reports.push(report));
      // A cursor holding the one connection would leave its batch waiting for ever.
      expect((await subscriptions.catchUpCompletely('arrivals', 30_000, 10)).read).toBe(30);
      expect(reports.some((r) => r.readAhead)).toBe(false);
    } finally {
      await small.drop();
    }
  });

  it('closes a cursor no turn takes up any more, and every one when the module stops', async () => {
    await addMany(30);
    const idle = subscriptionsWith(new ArrivalsProjection());
    await turn(idle.subscriptions, 10);
    const stopping = subscriptionsWith(new ArrivalsProjection());
    await turn(stopping.subscriptions, 5);
    expect(await openCursors()).toBe(2);
    await stopping.subscriptions.onModuleDestroy();
    expect(await openCursors()).toBe(1);
    // A catch-up still running as the process stops keeps no cursor open behind it.
    expect(await turn(stopping.subscriptions, 5)).toMatchObject({ read: 5 });
    expect(await openCursors()).toBe(1);
    await sleep(BACKLOG_CURSOR_IDLE_MS + 500);
    expect(await openCursors()).toBe(0);
  });
});
