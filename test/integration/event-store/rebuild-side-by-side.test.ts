import { randomUUID } from 'node:crypto';
import { EventSchemas, EventStore, projectionOf, Subscriptions, type DomainEvent } from '@goodpay/event-store';
import { metadataFor } from '../../support/actors';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

type Opened = DomainEvent<'AccountOpened', { accountId: string }>;
type Added = DomainEvent<'Added', { accountId: string; amount: number }>;
type AccountEvent = Opened | Added;

/** Two tables, the second referencing the first: the rebuild's copies keep the foreign key. */
const TABLES_SQL = [
  `CREATE TABLE accounts (account_id text PRIMARY KEY, opened_position bigint NOT NULL)`,
  `CREATE TABLE account_additions (
     position bigint PRIMARY KEY,
     account_id text NOT NULL REFERENCES accounts (account_id),
     amount bigint NOT NULL CHECK (amount > 0))`,
  `CREATE INDEX account_additions_by_account ON account_additions (account_id)`,
];

const accounts = projectionOf<AccountEvent>()({
  name: 'accounts',
  eventTypes: ['AccountOpened', 'Added'],
  tables: ['accounts', 'account_additions'],
  apply: async (events, sql) => {
    for (const event of events) {
      if (event.type === 'AccountOpened') {
        await sql.query(`INSERT INTO accounts VALUES ($1, $2)`, [event.data.accountId, event.globalPosition]);
      } else {
        await sql.query(`INSERT INTO account_additions VALUES ($1, $2, $3)`, [
          event.globalPosition,
          event.data.accountId,
          event.data.amount,
        ]);
      }
    }
  },
});

/**
 * A projection rebuilt side by side (issue 14): its copies fill in a schema of their own while
 * the live tables keep answering and keep taking new events; the copies then take their place
 * with what came in meanwhile, nothing lost or applied twice, indexes and foreign keys kept.
 */
describe('rebuilding a projection beside the live one', () => {
  let db: TestDatabase;
  let store: EventStore;
  let subscriptions: Subscriptions;
  const ids = Array.from({ length: 20 }, () => randomUUID());

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const statement of TABLES_SQL) await db.dataSource.query(statement);
    store = new EventStore(db.dataSource, new EventSchemas());
    subscriptions = new Subscriptions(store);
    subscriptions.register(accounts);
  });
  afterAll(async () => {
    await subscriptions.onModuleDestroy();
    await db.drop();
  });

  const append = (accountId: string, events: AccountEvent[]) =>
    store.append([{ streamId: `account-${accountId}`, expectedVersion: 'any', events }], metadataFor({ id: 'test', role: 'staff' }));
  const sum = async () => Number((await db.dataSource.query(`SELECT coalesce(sum(amount), 0)::int AS n FROM account_additions`))[0].n);

  it('keeps the live tables answering during the rebuild and swaps in equal tables with what came since', async () => {
    for (const id of ids) {
      await append(id, [
        { type: 'AccountOpened', data: { accountId: id } },
        ...Array.from({ length: 50 }, () => ({ type: 'Added' as const, data: { accountId: id, amount: 2 } })),
      ]);
    }
    await subscriptions.catchUpCompletely('accounts');
    expect(await sum()).toBe(20 * 50 * 2);
    const liveTable = (await db.dataSource.query(`SELECT 'public.account_additions'::regclass::oid::int AS oid`))[0].oid;

    // While the rebuild runs (small batches: many transactions), events keep coming and the live projection applies them.
    let writing = true;
    let added = 0;
    let liveReads = 0;
    const writer = (async () => {
      while (writing) {
        await append(ids[added % ids.length], [{ type: 'Added', data: { accountId: ids[added % ids.length], amount: 3 } }]);
        added += 1;
        await subscriptions.catchUp('accounts');
        if ((await sum()) >= 2000) liveReads += 1; // the live tables answer, never empty
      }
    })();
    const rebuilt = subscriptions.rebuild('accounts', 25);
    const result = await rebuilt.finally(() => (writing = false));
    await writer;
    await subscriptions.catchUpCompletely('accounts');

    expect(result.read).toBeGreaterThanOrEqual(20 * 51);
    expect(liveReads).toBeGreaterThan(0);
    expect(added).toBeGreaterThan(0);
    // Every event once: the additions are exactly the log's, by position.
    const fromLog = await db.dataSource.query(
      `SELECT global_position::text AS position, (data->>'amount')::int AS amount FROM events WHERE type = 'Added' ORDER BY global_position`,
    );
    const fromTable = await db.dataSource.query(
      `SELECT position::text AS position, amount::int AS amount FROM account_additions ORDER BY account_additions.position`,
    );
    expect(fromTable).toEqual(fromLog);
    expect(await sum()).toBe(20 * 50 * 2 + added * 3);

    // New tables in the old ones' place, with their index and foreign key; the work schemas are gone.
    expect((await db.dataSource.query(`SELECT 'public.account_additions'::regclass::oid::int AS oid`))[0].oid).not.toBe(liveTable);
    const constraints = await db.dataSource.query(
      `SELECT contype FROM pg_constraint WHERE conrelid = 'public.account_additions'::regclass ORDER BY contype`,
    );
    expect(constraints.map((c: { contype: string }) => c.contype)).toEqual(['c', 'f', 'p']);
    expect(
      await db.dataSource.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'account_additions' AND indexname LIKE '%by_account'`),
    ).toHaveLength(1);
    await expect(db.dataSource.query(`INSERT INTO account_additions VALUES (-1, 'no-such-account', 1)`)).rejects.toThrow(/foreign key/);
    expect(await db.dataSource.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild_%'`)).toEqual([]);
    expect(await db.dataSource.query(`SELECT name FROM subscription_checkpoints WHERE name LIKE '%@rebuild'`)).toEqual([]);
  }, 120_000);
});
