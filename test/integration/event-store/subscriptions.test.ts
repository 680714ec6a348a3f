import { randomUUID } from 'node:crypto';
import {
  EventSchemas,
  EventStore,
  type LogRange,
  ProjectionNotReadyError,
  type RangeProjection,
  SHORT_RANGE_EVENTS,
  sqlOn,
  Subscriptions,
} from '@goodpay/event-store';
import { createTestDatabase, holdOlderTransaction, type TestDatabase } from '../../support/test-database';
import { metadataFor } from '../../support/actors';
import { expectedTotals, readTotals, TOTALS_TABLE_SQL, TotalsProjection } from '../../support/fixtures/totals-projection';

describe('subscriptions: projections with checkpoints, exactly once in effect', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(TOTALS_TABLE_SQL);
    store = new EventStore(db.dataSource, new EventSchemas());
  });
  afterEach(() => db.drop());

  const subscriptionsWith = (projection: TotalsProjection) => {
    const subscriptions = new Subscriptions(store);
    subscriptions.register(projection);
    return subscriptions;
  };

  const addMany = async (count: number, streams = 5) => {
    const ids = Array.from({ length: streams }, () => `acct-${randomUUID()}`);
    let last = '0';
    for (let i = 0; i < count; i += 1) {
      const { lastPosition } = await store.append(
        [
          {
            streamId: ids[i % streams],
            expectedVersion: 'any',
            events: [
              { type: 'Added', data: { amount: i + 1 } },
              { type: 'Ignored', data: {} },
            ],
          },
        ],
        metadataFor(),
      );
      last = lastPosition;
    }
    return last;
  };

  it('applies every event once and records where it stands', async () => {
    await addMany(23);
    const subscriptions = subscriptionsWith(new TotalsProjection());
    const { read } = await subscriptions.catchUpCompletely('test-totals', 30_000, 10);
    expect(read).toBe(23); // the Ignored events are not even read: filtered out in SQL
    expect(await readTotals(sqlOn(db.dataSource))).toEqual(await expectedTotals(sqlOn(db.dataSource)));
    expect((await subscriptions.catchUpCompletely('test-totals')).read).toBe(0);
    // Yet the checkpoint has passed them: a reader waiting for the last (Ignored) event is answered.
    const [{ last }] = await db.dataSource.query(`SELECT max(global_position)::text AS last FROM events`);
    await expect(subscriptions.waitFor('test-totals', last, 5000)).resolves.toBeUndefined();
  });

  it('leaves no trace of a batch that fails half way, and applies it once on the next run', async () => {
    await addMany(10);
    const crashing = subscriptionsWith(new TotalsProjection({ failAfter: 3 }));
    await expect(crashing.catchUpCompletely('test-totals', 30_000, 100)).rejects.toThrow('projection crashed mid-batch');
    expect(await readTotals(sqlOn(db.dataSource))).toEqual([]);

    await subscriptionsWith(new TotalsProjection()).catchUpCompletely('test-totals');
    expect(await readTotals(sqlOn(db.dataSource))).toEqual(await expectedTotals(sqlOn(db.dataSource)));
  });

  it('never applies a batch twice when two workers run the same projection at once', async () => {
    await addMany(60, 3);
    const workers = [0, 1, 2, 3].map(() => subscriptionsWith(new TotalsProjection()));
    await Promise.all(workers.map((w) => w.catchUpCompletely('test-totals', 30_000, 7)));
    expect(await readTotals(sqlOn(db.dataSource))).toEqual(await expectedTotals(sqlOn(db.dataSource)));
  });

  it('rebuilds from position 0 into exactly what the live projection holds', async () => {
    await addMany(30);
    const subscriptions = subscriptionsWith(new TotalsProjection());
    await subscriptions.catchUpCompletely('test-totals');
    const live = await readTotals(sqlOn(db.dataSource));
    await db.dataSource.query(`UPDATE test_totals SET total = total + 1`); // a corrupted read model
    const { read } = await subscriptions.rebuild('test-totals');
    expect(read).toBe(30); // its own events only
    expect(await readTotals(sqlOn(db.dataSource))).toEqual(live);
  });

  it('lets a reader wait until its own write is projected, and says when it is not yet', async () => {
    const position = await addMany(3);
    const subscriptions = subscriptionsWith(new TotalsProjection());
    await expect(subscriptions.waitFor('test-totals', position, 50)).rejects.toBeInstanceOf(ProjectionNotReadyError);
    const waiting = subscriptions.waitFor('test-totals', position, 5000);
    await subscriptions.catchUpCompletely('test-totals');
    await expect(waiting).resolves.toBeUndefined();
  });

  it('refuses to register two projections under one name and names the known ones', () => {
    const subscriptions = subscriptionsWith(new TotalsProjection());
    expect(() => subscriptions.register(new TotalsProjection())).toThrow('registered twice');
    expect(() => subscriptions.get('nope')).toThrow('known: test-totals');
  });

  it('says a catch-up left events unread while an older open transaction hides them, and reads them once it ends', async () => {
    const subscriptions = subscriptionsWith(new TotalsProjection());
    const release = await holdOlderTransaction(db.dataSource);
    try {
      await addMany(1); // committed by a newer transaction: beyond the horizon
      expect(await subscriptions.catchUp('test-totals')).toEqual({ read: 0, unread: true });
    } finally {
      await release();
    }
    expect((await subscriptions.catchUpCompletely('test-totals')).read).toBe(1);
    expect(await subscriptions.catchUp('test-totals')).toEqual({ read: 0, unread: false });
    expect(await readTotals(sqlOn(db.dataSource))).toEqual(await expectedTotals(sqlOn(db.dataSource)));
  });

  it("hands a range projection a live batch's short range planned once, and a backlog's planned for its size", async () => {
    const seen: { events: number; planOnce: boolean; planCacheMode: string; hashJoins: string }[] = [];
    const ranges: RangeProjection = {
      kind: 'range-projection',
      name: 'added-ranges',
      eventTypes: ['Added'],
      schemaVersions: { Added: 1 },
      tables: [],
      applyRange: async (range: LogRange, sql) => {
        const { rows } = await sql.query<{ events: number; plan_cache_mode: string; enable_hashjoin: string }>(
          `SELECT count(*)::int AS events, current_setting('plan_cache_mode') AS plan_cache_mode,
                  current_setting('enable_hashjoin') AS enable_hashjoin
           FROM events WHERE type = 'Added' AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
             AND (transaction_id, global_position) <= ($3::xid8, $4::bigint)`,
          [range.after.transactionId, range.after.position, range.upTo.transactionId, range.upTo.position],
        );
        seen.push({
          events: rows[0].events,
          planOnce: range.planOnce === true,
          planCacheMode: rows[0].plan_cache_mode,
          hashJoins: rows[0].enable_hashjoin,
        });
      },
    };
    const subscriptions = new Subscriptions(store);
    subscriptions.register(ranges);
    await addMany(3);
    await subscriptions.catchUpCompletely('added-ranges');
    await store.append(
      [
        {
          streamId: `acct-${randomUUID()}`,
          expectedVersion: 'any',
          events: Array.from({ length: SHORT_RANGE_EVENTS + 1 }, () => ({ type: 'Added', data: { amount: 1 } })),
        },
      ],
      metadataFor(),
    );
    await subscriptions.catchUpCompletely('added-ranges');
    expect(seen).toEqual([
      { events: 3, planOnce: true, planCacheMode: 'force_generic_plan', hashJoins: 'off' },
      { events: SHORT_RANGE_EVENTS + 1, planOnce: false, planCacheMode: 'auto', hashJoins: 'on' },
    ]);
  });
});
