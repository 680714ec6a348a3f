import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  EventPartitionKeeper,
  EventSchemas,
  EventStore,
  eventStoreMigrations,
  inTransaction,
  readAll,
  sqlOn,
  START,
  Subscriptions,
  WrongExpectedVersionError,
} from '@goodpay/event-store';
import { metadataFor } from '../../support/actors';
import { expectedTotals, readTotals, TOTALS_TABLE_SQL, TotalsProjection } from '../../support/fixtures/totals-projection';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { eventually } from '../../support/processes';

/**
 * Issue 18, item 4: the events table partitioned by global position range. A log written
 * before the migration is kept (attached as the first partition, not copied); partitions are
 * made ahead of the positions; the append-only triggers, the stream versions and the gap-safe
 * reading work across partitions as on one table, and a rebuild reads through all of them.
 */
describe('event store: the log partitioned by global position', () => {
  let db: TestDatabase;
  let full: DataSource;
  let store: EventStore;
  const streams = Array.from({ length: 5 }, () => `acct-${randomUUID()}`);

  const add = async (count: number, from = 0) => {
    let last = '0';
    for (let i = from; i < from + count; i += 1) {
      ({ lastPosition: last } = await store.append(
        [{ streamId: streams[i % streams.length], expectedVersion: 'any', events: [{ type: 'Added', data: { amount: 1000 + i } }] }],
        metadataFor(),
      ));
    }
    return last;
  };
  const partitionsWithRows = async () =>
    (await full.query(
      `SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM events GROUP BY 1 ORDER BY min(global_position)`,
    )) as {
      part: string;
      n: number;
    }[];

  beforeAll(async () => {
    // The log as it was before partitioning: every migration but that one, and events in it.
    db = await createTestDatabase(eventStoreMigrations.filter((migration) => migration.name !== 'PartitionEvents1796423588392'));
    await db.dataSource.query(TOTALS_TABLE_SQL);
    store = new EventStore(db.dataSource, new EventSchemas());
    await add(30);
  });
  afterAll(async () => {
    if (full?.isInitialized) await full.destroy();
    await db.drop();
  });

  it('keeps an existing log as its first partition, in the same order, and appends after it', async () => {
    const inGlobalOrder = (on: DataSource) =>
      on.query(`SELECT event_id, global_position::text AS position, stream_version FROM events ORDER BY transaction_id, global_position`);
    const before = await inGlobalOrder(db.dataSource);
    full = await new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: eventStoreMigrations,
      migrationsTransactionMode: 'each',
    }).initialize();
    await full.runMigrations();
    store = new EventStore(full, new EventSchemas());

    expect(await inGlobalOrder(full)).toEqual(before);
    expect(before).toHaveLength(30);
    expect(await partitionsWithRows()).toEqual([{ part: 'events_legacy', n: 30 }]);
    const [{ kind }] = await full.query(`SELECT relkind AS kind FROM pg_class WHERE relname = 'events'`);
    expect(kind).toBe('p'); // partitioned

    const next = await add(1, 30);
    expect(BigInt(next)).toBe(BigInt(before[before.length - 1].position) + 1n);
    expect((await partitionsWithRows()).map((row) => row.part)).toEqual(['events_legacy', expect.stringMatching(/^events_p\d{19}$/)]);
  });

  it('makes partitions ahead, and appends, reads and rebuilds across them as on one table', async () => {
    // Small partitions from near the current upper bound on, so that 40 events cross several.
    await full.query(`UPDATE event_partitioning SET size = 10`);
    const [{ upper }] = await full.query(`SELECT upper::text AS upper FROM event_partitioning`);
    await full.query(`SELECT setval(pg_get_serial_sequence('events', 'global_position'), $1)`, [String(BigInt(upper) - 5n)]);
    const keeper = new EventPartitionKeeper(store);
    // Workers running it at once take turns: the partitions are made once.
    const made = await Promise.all([keeper.ensure(), new EventPartitionKeeper(store).ensure()]);
    expect(made[0]! + made[1]!).toBe(2); // the next 2 × 10 positions

    // Appends outrun the lead: the keeper (each worker, every minute) keeps making more.
    await add(15, 31);
    await keeper.ensure();
    const last = await add(25, 46);
    const parts = await partitionsWithRows();
    expect(parts.length).toBeGreaterThanOrEqual(5); // legacy, the first new one, and three of 10
    expect(parts.reduce((sum, row) => sum + row.n, 0)).toBe(71);

    // Gap-safe reading through the parent: every event once, in one order. (The horizon is the
    // whole server's: another database's open transaction may hide the newest for a moment.)
    await eventually(async () => (await readAll(sqlOn(full), new EventSchemas(), START, 1000)).length === 71, 'all 71 are readable');
    const all = await readAll(sqlOn(full), new EventSchemas(), START, 1000);
    expect(new Set(all.map((e) => e.id)).size).toBe(71);
    expect(all[all.length - 1].globalPosition).toBe(last);

    // Stream versions stay one sequence per stream across partitions, and stale writers are refused.
    const versions = await full.query(
      `SELECT stream_id, array_agg(stream_version ORDER BY global_position) AS v FROM events GROUP BY stream_id`,
    );
    for (const { v } of versions) expect(v).toEqual(Array.from({ length: v.length }, (_, i) => i + 1));
    await expect(
      store.append([{ streamId: streams[0], expectedVersion: 3, events: [{ type: 'Added', data: { amount: 1 } }] }], metadataFor()),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);

    // A rebuild reads through every partition and ends equal to the log.
    const subscriptions = new Subscriptions(store);
    subscriptions.register(new TotalsProjection());
    await subscriptions.rebuild('test-totals');
    expect(await readTotals(sqlOn(full))).toEqual(await expectedTotals(sqlOn(full)));
  });

  it("fetches a consumer's batch from the partitions of its events alone", async () => {
    const subscriptions = new Subscriptions(store);
    subscriptions.register(new TotalsProjection());
    await subscriptions.catchUpCompletely('test-totals');
    const [{ before }] = await full.query(`SELECT max(global_position)::text AS before FROM events`);
    await add(3, 71);
    const holding = (await full.query(
      `SELECT DISTINCT tableoid::regclass::text AS part FROM events WHERE global_position > $1 ORDER BY 1`,
      [before],
    )) as { part: string }[];
    // The batch's transaction's own index use (pg_stat_xact_*): the fetch by position is what reads the primary keys.
    const scanned = await inTransaction(full, async (sql) => {
      const { count } = await subscriptions.batchIn(sql, 'test-totals', 100);
      expect(count).toBe(3);
      const { rows } = await sql.query<{ part: string }>(
        `SELECT c.relname AS part FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
         WHERE c.relname LIKE 'events%' AND x.relname = c.relname || '_pkey' AND pg_stat_get_xact_numscans(i.indexrelid) > 0
         ORDER BY 1`,
      );
      return rows;
    });
    expect((await partitionsWithRows()).length).toBeGreaterThan(holding.length);
    expect(scanned).toEqual(holding);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the parent and on every partition', async () => {
    const parts = (await partitionsWithRows()).map((row) => row.part);
    for (const table of ['events', ...parts]) {
      await expect(full.query(`UPDATE ${table} SET data = '{}'`)).rejects.toThrow('events are append-only: UPDATE is refused');
      await expect(full.query(`DELETE FROM ${table}`)).rejects.toThrow('events are append-only: DELETE is refused');
      await expect(full.query(`TRUNCATE ${table}`)).rejects.toThrow('events are append-only: TRUNCATE is refused');
    }
    expect((await partitionsWithRows()).reduce((sum, row) => sum + row.n, 0)).toBe(74);
  });
});
