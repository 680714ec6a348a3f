import { randomUUID } from 'node:crypto';
import { BullModule } from '@nestjs/bullmq';
import { Module, type OnModuleInit } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  type DomainEvent,
  EventStore,
  EventStoreModule,
  laterOf,
  ProjectionWorkerModule,
  projectionOf,
  readCheckpoint,
  sqlOn,
  Subscriptions,
} from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { flushPrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../../support/test-redis';
import { metadataFor } from '../../support/actors';
import { eventually } from '../../support/processes';

type Added = DomainEvent<'Added', { amount: number }>;
type Noted = DomainEvent<'Noted', { text: string }>;
type LedgerEvent = Added | Noted;

const BACKLOG = 4000;

/** A consumer with a long backlog: slow on purpose (a few ms per event), like a per-event projection under a million events. */
const slowTotals = projectionOf<LedgerEvent>()({
  name: 'slow-totals',
  eventTypes: ['Added'],
  batchSize: 20,
  apply: async (events, sql) => {
    await sql.query(`SELECT pg_sleep($1)`, [events.length * 0.004]);
    await sql.query(`UPDATE slow_totals SET total = total + $1, applied = applied + $2`, [
      events.reduce((sum, e) => sum + e.data.amount, 0),
      events.length,
    ]);
  },
  tables: ['slow_totals'],
});

/** A consumer of other events, which must not wait for the first one's backlog. */
const notes = projectionOf<LedgerEvent>()({
  name: 'notes',
  eventTypes: ['Noted'],
  apply: async (events, sql) => {
    for (const { data } of events) await sql.query(`INSERT INTO notes (text) VALUES ($1)`, [data.text]);
  },
  tables: ['notes'],
});

@Module({ imports: [EventStoreModule] })
class LedgerModule implements OnModuleInit {
  constructor(private readonly subscriptions: Subscriptions) {}
  onModuleInit() {
    this.subscriptions.register(slowTotals);
    this.subscriptions.register(notes);
  }
}

/**
 * Consumers catch up side by side, each for a bounded slice before it hands over: a backlog in
 * one never freezes another, and a worker asked to stop ends after the batch in hand instead of
 * working through the backlog first.
 */
describe('catch-up: side by side, in bounded slices', () => {
  let db: TestDatabase;
  const prefix = uniqueQueuePrefix();
  let api: TestingModule;
  const roots = () => [
    TypeOrmModule.forRoot({ type: 'postgres', url: db.url }),
    BullModule.forRoot({ connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix }),
    LedgerModule,
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(
      `CREATE TABLE slow_totals (total bigint NOT NULL, applied integer NOT NULL); INSERT INTO slow_totals VALUES (0, 0)`,
    );
    await db.dataSource.query(`CREATE TABLE notes (text text NOT NULL)`);
    api = await Test.createTestingModule({ imports: roots() }).compile();
    await api.init();
  });
  afterAll(async () => {
    await api.close();
    await flushPrefix(prefix);
    await db.drop();
  });

  it('serves a consumer with nothing to do while another works through its backlog, and stops within a slice when asked', async () => {
    const store = api.get(EventStore);
    const sql = sqlOn(db.dataSource);
    for (let i = 0; i < BACKLOG / 500; i += 1) {
      const events = Array.from({ length: 500 }, () => ({ type: 'Added', data: { amount: 1 } }));
      await store.append([{ streamId: `acct-${randomUUID()}`, expectedVersion: 'no_stream', events }], metadataFor());
    }
    const { lastPosition: lastAdded } = await store.append(
      [{ streamId: `acct-${randomUUID()}`, expectedVersion: 'no_stream', events: [{ type: 'Added', data: { amount: 1 } }] }],
      metadataFor(),
    );
    await store.append(
      [{ streamId: `note-${randomUUID()}`, expectedVersion: 'no_stream', events: [{ type: 'Noted', data: { text: 'hello' } }] }],
      metadataFor(),
    );
    const [{ transaction_id: lastTx }] = await db.dataSource.query(`SELECT transaction_id::text FROM events WHERE global_position = $1`, [
      lastAdded,
    ]);
    const end = { transactionId: lastTx, position: lastAdded };
    const caughtUp = async () => {
      const checkpoint = await readCheckpoint(sql, 'slow-totals');
      return laterOf(checkpoint, end) === checkpoint;
    };

    const worker = await Test.createTestingModule({ imports: [...roots(), ProjectionWorkerModule] }).compile();
    await worker.init();
    let closed = false;
    try {
      // The note is applied while the backlog is still being worked through.
      await eventually(
        async () => Number((await db.dataSource.query(`SELECT count(*) AS n FROM notes`))[0].n) === 1,
        'the note is applied',
        30_000,
      );
      expect(await caughtUp()).toBe(false);
      const [{ applied: appliedThen }] = await db.dataSource.query(`SELECT applied FROM slow_totals`);
      expect(appliedThen).toBeLessThan(BACKLOG);

      // Asked to stop mid-backlog, the worker ends after its batch in hand: the backlog is left for later.
      await eventually(
        async () => Number((await db.dataSource.query(`SELECT applied FROM slow_totals`))[0].applied) > 0,
        'the backlog is being applied',
        30_000,
      );
      await worker.close();
      closed = true;
      expect(await caughtUp()).toBe(false);
    } finally {
      if (!closed) await worker.close();
    }

    // What it left is taken up again from its checkpoint: nothing lost, nothing applied twice.
    await api.get(Subscriptions).catchUpCompletely('slow-totals', 120_000);
    expect(await db.dataSource.query(`SELECT total::int, applied FROM slow_totals`)).toEqual([
      { total: BACKLOG + 1, applied: BACKLOG + 1 },
    ]);
  }, 180_000);
});
