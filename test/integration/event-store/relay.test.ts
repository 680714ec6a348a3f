import { randomUUID } from 'node:crypto';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module, type OnModuleInit } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { EventStore, EventStoreModule, PROJECTION_QUEUE, ProjectionWorkerModule, sqlOn, Subscriptions } from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { flushPrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../../support/test-redis';
import { metadataFor } from '../../support/actors';
import { expectedTotals, readTotals, TOTALS_TABLE_SQL, TotalsProjection } from '../../support/fixtures/totals-projection';

@Module({ imports: [EventStoreModule] })
class TotalsModule implements OnModuleInit {
  constructor(private readonly subscriptions: Subscriptions) {}
  onModuleInit() {
    this.subscriptions.register(new TotalsProjection());
  }
}

describe('relay: a commit wakes the projection workers through one deduplicated BullMQ job', () => {
  let db: TestDatabase;
  const prefix = uniqueQueuePrefix();
  const roots = () => [
    TypeOrmModule.forRoot({ type: 'postgres', url: db.url }),
    BullModule.forRoot({ connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix }),
    TotalsModule,
  ];
  let api: TestingModule;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(TOTALS_TABLE_SQL);
    api = await Test.createTestingModule({ imports: roots() }).compile();
    await api.init();
  });
  afterAll(async () => {
    await api.close();
    await flushPrefix(prefix);
    await db.drop();
  });

  it('queues one wake-up for a burst of commits, and the worker catches up from it', async () => {
    const store = api.get(EventStore);
    const queue = api.get<Queue>(getQueueToken(PROJECTION_QUEUE));
    const streamId = `acct-${randomUUID()}`;
    let last = '0';
    for (let i = 0; i < 25; i += 1) {
      ({ lastPosition: last } = await store.append(
        [{ streamId, expectedVersion: 'any', events: [{ type: 'Added', data: { amount: 10 } }] }],
        metadataFor(),
      ));
    }
    await new Promise((r) => setTimeout(r, 100)); // the wake-ups are sent after each commit, unawaited
    expect(await queue.getJobCounts('waiting', 'delayed', 'active')).toMatchObject({ waiting: 1, delayed: 0, active: 0 });

    const worker = await Test.createTestingModule({ imports: [...roots(), ProjectionWorkerModule] }).compile();
    await worker.init();
    try {
      await api.get(Subscriptions).waitFor('test-totals', last, 10_000);
      expect(await readTotals(sqlOn(db.dataSource))).toEqual(await expectedTotals(sqlOn(db.dataSource)));
      expect(await readTotals(sqlOn(db.dataSource))).toEqual([{ stream_id: streamId, total: '250', applied: 25 }]);
    } finally {
      await worker.close();
    }
  });

  it('catches up a consumer whose wake-ups are lost behind a deduplication key that names no job', async () => {
    // What a job lost mid-flight can leave (until BullMQ's stall check, or for good): every
    // catch-up asked for this consumer is taken for a duplicate of one that will never run.
    const redis = new Redis(TEST_REDIS_URL);
    await redis.set(`${prefix}:${PROJECTION_QUEUE}:de:catch-up:test-totals`, 'a-job-that-is-gone');
    await redis.quit();
    const store = api.get(EventStore);
    const streamId = `acct-${randomUUID()}`;
    const { lastPosition } = await store.append(
      [{ streamId, expectedVersion: 'any', events: [{ type: 'Added', data: { amount: 7 } }] }],
      metadataFor(),
    );

    const worker = await Test.createTestingModule({ imports: [...roots(), ProjectionWorkerModule] }).compile();
    await worker.init();
    try {
      // Woken through the queue it never is; the sweep finds it busy at the same checkpoint and runs it itself.
      await api.get(Subscriptions).waitFor('test-totals', lastPosition, 20_000);
      expect(await readTotals(sqlOn(db.dataSource))).toContainEqual({ stream_id: streamId, total: '7', applied: 1 });
    } finally {
      await worker.close();
    }
  });
});
