import { randomUUID } from 'node:crypto';
import {
  appendToStream,
  EventSchemas,
  eventStoreMigrations,
  inTransaction,
  type LogCursor,
  openLogCursor,
  readAll,
  type RecordedEvent,
  sqlOn,
  START,
} from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { metadataFor } from '../../support/actors';
import { eventually } from '../../support/processes';

/**
 * The cursor a rebuild's bulk reads through (issue 14): its types in the gap-safe order, below
 * a horizon fixed when it opens, in batches; and, read-only, it holds back no other reader.
 */
describe('event store: reading a stretch of the log through one cursor', () => {
  let db: TestDatabase;
  const schemas = new EventSchemas();

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations);
  });
  afterAll(() => db.drop());

  const append = (type: string, n: number) =>
    inTransaction(db.dataSource, (sql) =>
      appendToStream(
        sql,
        schemas,
        { streamId: `cursor-${randomUUID()}`, expectedVersion: 'any', events: [{ type, data: { n } }] },
        metadataFor(),
      ),
    );
  const readThrough = async (cursor: LogCursor): Promise<RecordedEvent[]> => {
    const read: RecordedEvent[] = [];
    for (let batch = await cursor.next(); batch.length > 0; batch = await cursor.next()) read.push(...batch);
    return read;
  };

  it('reads its types in the global order up to the horizon of its opening, and says where a reader may end', async () => {
    for (let n = 0; n < 7; n += 1) await append(n % 3 === 0 ? 'Other' : 'Wanted', n);
    // The horizon is the whole server's: wait until other databases' transactions let all seven be read.
    const all = () => readAll(sqlOn(db.dataSource), schemas, START, 100);
    await eventually(async () => (await all()).length === 7, 'the seven events are below the horizon');
    const cursor = await openLogCursor(db.dataSource, schemas, START, ['Wanted'], 2);
    try {
      await append('Wanted', 100); // after the horizon: not this cursor's
      const below = (await all()).filter((event) => BigInt(event.transactionId) < BigInt(cursor.horizon));
      expect(below).toHaveLength(7);
      expect(await readThrough(cursor)).toEqual(below.filter((event) => event.type === 'Wanted'));
      // The end passes the last event below the horizon, even one of another type.
      const last = below[below.length - 1];
      expect(last.type).toBe('Other');
      expect(cursor.end).toEqual({ transactionId: last.transactionId, position: last.globalPosition });
    } finally {
      await cursor.close();
    }
  });

  it('holds back no reader while it is open: its transaction has no id', async () => {
    const cursor = await openLogCursor(db.dataSource, schemas, START, ['Wanted'], 1);
    const inTransactionHere = (withXid: boolean) =>
      db.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND (backend_xid IS NOT NULL) = $1`,
        [withXid],
      );
    try {
      await cursor.next();
      expect(await inTransactionHere(false)).toEqual([{ n: 1 }]); // the cursor's
      expect(await inTransactionHere(true)).toEqual([{ n: 0 }]);
    } finally {
      await cursor.close();
    }
    await cursor.close(); // twice is harmless
    expect(await inTransactionHere(false)).toEqual([{ n: 0 }]);
  });
});
