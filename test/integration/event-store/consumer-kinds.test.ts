import { randomUUID } from 'node:crypto';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module, type OnModuleInit } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type Queue, Worker } from 'bullmq';
import {
  appendToStream,
  type Consumer,
  type DomainEvent,
  EventStore,
  EventStoreModule,
  OutboxDispatcher,
  processManagerOf,
  ProjectionWorkerModule,
  projectionOf,
  reactorOf,
  readCheckpoint,
  readStream,
  saveCheckpoint,
  sqlOn,
  START,
  Subscriptions,
} from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { flushPrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../../support/test-redis';
import { metadataFor } from '../../support/actors';
import { eventually } from '../../support/processes';

type Ordered = DomainEvent<'Ordered', { orderId: string; amount: number }>;
type Noted = DomainEvent<'Noted', { text: string }>;
type Invoiced = DomainEvent<'Invoiced', { orderId: string; amount: number }>;
type ShopEvent = Ordered | Noted | Invoiced;

const EFFECTS = 'test-effects';

/** A projection: the sum of orders, in its own table. */
const orderTotals = projectionOf<ShopEvent>()({
  name: 'order-totals',
  eventTypes: ['Ordered'],
  apply: async (events, sql) => {
    for (const { data } of events) {
      await sql.query(`INSERT INTO order_totals (order_id, amount) VALUES ($1, $2)`, [data.orderId, data.amount]);
    }
  },
  tables: ['order_totals'],
});

/** A reactor: one shipping job per order, its id derived from the order. */
let failReactorOn: string | null = null;
const shipper = reactorOf<ShopEvent>()({
  name: 'shipper',
  eventTypes: ['Ordered'],
  react: (events) =>
    events.map(({ id, data }) => {
      if (data.orderId === failReactorOn) throw new Error('reactor crashed mid-batch');
      return {
        queue: EFFECTS,
        name: 'ship',
        jobId: `ship.${data.orderId}`,
        data: { orderId: data.orderId },
        options: { attempts: 3 },
        causedBy: id,
      };
    }),
});

/** A process manager: an invoice per order, appended in its checkpoint's transaction; a replay finds it there. */
let failProcessAfter: string | null = null;
const invoicer = processManagerOf<ShopEvent>()({
  name: 'invoicer',
  eventTypes: ['Ordered'],
  streams: (events) => events.map(({ data }) => `invoice-${data.orderId}`),
  handle: async (events, { sql, schemas }) => {
    for (const { id, data, metadata } of events) {
      const streamId = `invoice-${data.orderId}`;
      const { version } = await readStream(sql, schemas, streamId);
      if (version === 0) {
        const invoice: Invoiced = { type: 'Invoiced', data: { orderId: data.orderId, amount: data.amount } };
        await appendToStream(sql, schemas, { streamId, expectedVersion: 'no_stream', events: [invoice] }, { ...metadata, causationId: id });
      }
      if (data.orderId === failProcessAfter) throw new Error('process manager crashed after appending');
    }
  },
});

const CONSUMERS: Consumer[] = [orderTotals, shipper, invoicer];

@Module({ imports: [EventStoreModule, BullModule.registerQueue({ name: EFFECTS })] })
class ShopModule implements OnModuleInit {
  constructor(private readonly subscriptions: Subscriptions) {}
  onModuleInit() {
    for (const consumer of CONSUMERS) this.subscriptions.register(consumer);
  }
}

describe('one consumer model, three kinds: the same reading and checkpoint, different effects', () => {
  let db: TestDatabase;
  const prefix = uniqueQueuePrefix();
  let app: TestingModule;
  let store: EventStore;
  let subscriptions: Subscriptions;
  const roots = () => [
    TypeOrmModule.forRoot({ type: 'postgres', url: db.url }),
    BullModule.forRoot({ connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix }),
    ShopModule,
  ];
  const orders: string[] = [];

  const order = async (amount: number) => {
    const orderId = randomUUID();
    orders.push(orderId);
    await store.append(
      [
        {
          streamId: `order-${orderId}`,
          expectedVersion: 'no_stream',
          events: [
            { type: 'Ordered', data: { orderId, amount } },
            { type: 'Noted', data: { text: 'gift' } },
          ],
        },
      ],
      metadataFor(),
    );
    return orderId;
  };
  const count = async (text: string, params: unknown[] = []) => Number((await db.dataSource.query(text, params))[0].n);
  /** `n` unsent outbox rows of the shipper's queue, job ids `<prefix>.1` to `<prefix>.n`, in that order. */
  const addOutboxRows = (jobPrefix: string, n: number) =>
    db.dataSource.query(
      `INSERT INTO consumer_outbox (consumer, queue, job_name, job_id, data, caused_by)
       SELECT 'shipper', $1, 'ship', $2 || '.' || i, '{}', gen_random_uuid() FROM generate_series(1, $3::int) AS i`,
      [EFFECTS, jobPrefix, n],
    );
  /** A worker's dispatcher, compiled and not started (no timer): the test runs its passes. */
  const withIdleDispatcher = async (work: (dispatcher: OutboxDispatcher) => Promise<void>) => {
    const worker = await Test.createTestingModule({ imports: [...roots(), ProjectionWorkerModule] }).compile();
    try {
      await work(worker.get(OutboxDispatcher));
    } finally {
      await worker.close();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(`CREATE TABLE order_totals (order_id text PRIMARY KEY, amount bigint NOT NULL)`);
    // The api side only: consumers registered, nothing runs them (no worker, no dispatcher).
    app = await Test.createTestingModule({ imports: roots() }).compile();
    await app.init();
    store = app.get(EventStore);
    subscriptions = app.get(Subscriptions);
    for (let i = 1; i <= 5; i += 1) await order(i * 1000);
  });
  afterAll(async () => {
    await app.close();
    await flushPrefix(prefix);
    await db.drop();
  });

  it('projection: applies only its events, and its checkpoint passes the others', async () => {
    const { read } = await subscriptions.catchUpCompletely('order-totals');
    expect(read).toBe(5); // the five Noted events were never read
    expect(await count(`SELECT sum(amount) AS n FROM order_totals`)).toBe(15_000);
    const [{ last }] = await db.dataSource.query(`SELECT max(global_position)::text AS last FROM events`);
    await expect(subscriptions.waitFor('order-totals', last, 5000)).resolves.toBeUndefined();
  });

  it('process manager: appends in its checkpoint transaction, all or nothing, and never twice', async () => {
    failProcessAfter = orders[2];
    await expect(subscriptions.catchUpCompletely('invoicer')).rejects.toThrow('process manager crashed after appending');
    // The batch rolled back whole: no invoice, no checkpoint.
    expect(await count(`SELECT count(*) AS n FROM events WHERE type = 'Invoiced'`)).toBe(0);
    expect(await readCheckpoint(sqlOn(db.dataSource), 'invoicer')).toEqual(START);

    failProcessAfter = null;
    await subscriptions.catchUpCompletely('invoicer');
    expect(await count(`SELECT count(*) AS n FROM events WHERE type = 'Invoiced'`)).toBe(5);
    // Replayed from position 0 (its own Invoiced events are not among its types): nothing twice.
    await saveCheckpoint(sqlOn(db.dataSource), 'invoicer', START);
    await subscriptions.catchUpCompletely('invoicer');
    expect(await count(`SELECT count(*) AS n FROM events WHERE type = 'Invoiced'`)).toBe(5);
    expect(await count(`SELECT count(DISTINCT stream_id) AS n FROM events WHERE type = 'Invoiced'`)).toBe(5);
  });

  it('reactor: records its jobs in the outbox with its checkpoint, and a dispatcher sends each once, again after Redis forgets', async () => {
    const queue = app.get<Queue>(getQueueToken(EFFECTS));
    failReactorOn = orders[3];
    await expect(subscriptions.catchUpCompletely('shipper')).rejects.toThrow('reactor crashed mid-batch');
    expect(await count(`SELECT count(*) AS n FROM consumer_outbox`)).toBe(0);
    expect(await readCheckpoint(sqlOn(db.dataSource), 'shipper')).toEqual(START);

    failReactorOn = null;
    await subscriptions.catchUpCompletely('shipper');
    // Written, not sent: the state a worker killed between its commit and the enqueue leaves.
    expect(await count(`SELECT count(*) AS n FROM consumer_outbox WHERE sent_at IS NULL`)).toBe(5);
    expect(await queue.count()).toBe(0);
    // A replay from position 0 asks for nothing twice.
    await saveCheckpoint(sqlOn(db.dataSource), 'shipper', START);
    await subscriptions.catchUpCompletely('shipper');
    expect(await count(`SELECT count(*) AS n FROM consumer_outbox`)).toBe(5);

    // A worker starts: its dispatcher sends the outbox under the jobs' own ids.
    const worker = await Test.createTestingModule({ imports: [...roots(), ProjectionWorkerModule] }).compile();
    await worker.init();
    try {
      await eventually(
        async () => (await count(`SELECT count(*) AS n FROM consumer_outbox WHERE sent_at IS NULL`)) === 0,
        'the outbox is sent',
      );
      const ids = (await queue.getJobs(['waiting'])).map((job) => job.id).sort();
      expect(ids).toEqual(orders.map((orderId) => `ship.${orderId}`).sort());

      // Redis loses everything: the next check sends the unfinished jobs again, each once.
      await flushPrefix(prefix);
      expect(await queue.count()).toBe(0);
      const dispatcher = worker.get(OutboxDispatcher);
      await eventually(async () => (await dispatcher.pass({ check: true })) && (await queue.count()) === 5, 'the lost jobs are sent again');
      await dispatcher.pass({ check: true }); // still known to Redis: adds nothing
      expect(await queue.count()).toBe(5);

      // The jobs run; once Redis says they completed, their rows are done and never sent again.
      const shipped: string[] = [];
      const runner = new Worker(EFFECTS, async (job) => void shipped.push(job.id!), {
        connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null },
        prefix,
      });
      try {
        await eventually(async () => shipped.length === 5, 'the jobs ran');
        await eventually(
          async () =>
            (await dispatcher.pass({ check: true })) &&
            (await count(`SELECT count(*) AS n FROM consumer_outbox WHERE done_at IS NULL`)) === 0,
          'the rows are done',
        );
      } finally {
        await runner.close();
      }
      expect(shipped.sort()).toEqual(orders.map((orderId) => `ship.${orderId}`).sort());
    } finally {
      await worker.close();
    }
  });

  it('reactor: a dispatcher asked to stop ends its pass after the batch in hand, however long the outbox', async () => {
    await addOutboxRows('backlog', 2000);
    // One pass, and the stop asked for while its first batch is out.
    await withIdleDispatcher(async (dispatcher) => {
      dispatcher.dispatch();
      await dispatcher.onModuleDestroy();
    });
    const backlog = `SELECT count(*) AS n FROM consumer_outbox WHERE job_id LIKE 'backlog.%'`;
    expect(await count(`${backlog} AND sent_at IS NOT NULL`)).toBeLessThanOrEqual(500);
    expect(await count(`${backlog} AND sent_at IS NULL`)).toBeGreaterThanOrEqual(1500);
  });

  it('reactor: the checks go round every sent job, so one lost behind thousands of waiting ones is sent again', async () => {
    const queue = app.get<Queue>(getQueueToken(EFFECTS));
    await db.dataSource.query(`DELETE FROM consumer_outbox WHERE job_id LIKE 'backlog.%'`);
    await addOutboxRows('round', 5010);
    await withIdleDispatcher(async (dispatcher) => {
      await dispatcher.pass({ check: true }); // sends all, then checks the first 5,000: all waiting
      expect(await count(`SELECT count(*) AS n FROM consumer_outbox WHERE job_id LIKE 'round.%' AND sent_at IS NULL`)).toBe(0);
      // Redis loses the newest ten, behind 5,000 jobs that are still waiting.
      const lost: string[] = (
        await db.dataSource.query(`SELECT job_id FROM consumer_outbox WHERE job_id LIKE 'round.%' ORDER BY id DESC LIMIT 10`)
      ).map((row: { job_id: string }) => row.job_id);
      for (const jobId of lost) await queue.remove(jobId);
      expect(await Promise.all(lost.map((jobId) => queue.getJobState(jobId)))).toEqual(lost.map(() => 'unknown'));
      await dispatcher.pass({ check: true });
      expect(await Promise.all(lost.map((jobId) => queue.getJobState(jobId)))).toEqual(lost.map(() => 'waiting'));
    });
  });
});
