import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  appendToStream,
  checkpointOf,
  EventSchemas,
  EventStore,
  eventStoreMigrations,
  hasUnreadEvents,
  type GlobalCheckpoint,
  inTransaction,
  lockStreams,
  nextBatch,
  readAll,
  type RecordedEvent,
  type Sql,
  sqlOn,
  START,
} from '@goodpay/event-store';
import { createTestDatabase, holdOlderTransaction, type TestDatabase } from '../../support/test-database';
import { metadataFor } from '../../support/actors';
import { eventually } from '../../support/processes';

describe('event store: reading everything in global order never skips a late commit', () => {
  let db: TestDatabase;
  let store: EventStore;
  const schemas = new EventSchemas();

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, { poolSize: 40 });
    store = new EventStore(db.dataSource, schemas);
  });
  afterAll(() => db.drop());

  const append = (sql: Sql, streamId: string, n: number) =>
    appendToStream(sql, schemas, { streamId, expectedVersion: 'any', events: [{ type: 'Noted', data: { n } }] }, metadataFor());

  it('holds back an event whose older transaction commits after a newer one took a later position', async () => {
    const release = { early: () => {}, late: () => {} };
    const earlyStarted = new Promise<void>((resolve) => {
      // The early transaction takes its xid first (its stream's lock before), then stays open until told.
      void inTransaction(db.dataSource, async (sql) => {
        const stream = `gap-${randomUUID()}`;
        await lockStreams(sql, [stream]);
        await sql.query('SELECT pg_current_xact_id()');
        resolve();
        await new Promise<void>((r) => (release.early = r));
        await append(sql, stream, 2); // position after the late one's
      });
    });
    await earlyStarted;

    let lateEvent!: RecordedEvent;
    const lateTookPosition = new Promise<void>((resolve) => {
      void inTransaction(db.dataSource, async (sql) => {
        [lateEvent] = await append(sql, `gap-${randomUUID()}`, 1); // newer xid, earlier position
        resolve();
        await new Promise<void>((r) => (release.late = r));
      });
    });
    await lateTookPosition;

    release.early();
    await sleep(50); // the early transaction appends at a later position and commits

    // Another test file's open transaction may hold the horizon for a moment: read until it passes.
    let seen: RecordedEvent[] = [];
    await eventually(async () => {
      seen = await readAll(sqlOn(db.dataSource), schemas, START, 100);
      return seen.some((e) => (e.data as { n: number }).n === 2);
    }, 'the early transaction is readable');
    const earlyEvent = seen.find((e) => (e.data as { n: number }).n === 2)!;
    expect(BigInt(earlyEvent.globalPosition)).toBeGreaterThan(BigInt(lateEvent.globalPosition));
    expect(seen.map((e) => e.id)).not.toContain(lateEvent.id); // its transaction is still open

    // A reader that remembered only the position would now pass the late event by for ever:
    const checkpoint = checkpointOf(seen[seen.length - 1]);
    release.late();
    await sleep(50);
    const next = await readAll(sqlOn(db.dataSource), schemas, checkpoint, 100);
    expect(next.map((e) => e.id)).toEqual([lateEvent.id]);
    expect(BigInt(lateEvent.globalPosition)).toBeLessThan(BigInt(checkpoint.position));
  });

  it('still reports an event unread once the transaction that hid it from a batch has ended', async () => {
    const release = await holdOlderTransaction(db.dataSource, (sql) => append(sql, `hidden-${randomUUID()}`, 1));
    const sql = sqlOn(db.dataSource);
    let checkpoint = START;
    try {
      await store.append(
        [{ streamId: `behind-${randomUUID()}`, expectedVersion: 'any', events: [{ type: 'Noted', data: { n: 2 } }] }],
        metadataFor(),
      );
      const before = await readAll(sql, schemas, START, 1000);
      if (before.length > 0) checkpoint = checkpointOf(before[before.length - 1]);
    } finally {
      await release();
    }
    // Both events are committed now and no longer hidden: a check for "hidden" events alone
    // would answer false here and the catch-up would stop with both unread.
    expect(await hasUnreadEvents(sql, checkpoint)).toBe(true);
    await eventually(async () => (await readAll(sql, schemas, checkpoint, 1000)).length >= 2, 'both events are readable');
  });

  it('gives a concurrent reader every event of many concurrent writers exactly once, in one consistent order', async () => {
    const writers = 16;
    const perWriter = 40;
    const streams = Array.from({ length: 8 }, () => `race-${randomUUID()}`);
    let writing = true;

    const writer = async (w: number) => {
      for (let i = 0; i < perWriter; i += 1) {
        const streamId = streams[(w + i) % streams.length];
        await inTransaction(db.dataSource, async (sql) => {
          await append(sql, streamId, w * 1000 + i);
          if (i % 7 === w % 7) await sleep(Math.random() * 15); // commit late, holding a lower position
        });
      }
    };

    const seen: RecordedEvent[] = [];
    const reader = async () => {
      let checkpoint: GlobalCheckpoint = START;
      for (;;) {
        const stillWriting = writing;
        const batch = await readAll(sqlOn(db.dataSource), schemas, checkpoint, 50);
        const ours = batch.filter((e) => e.streamId.startsWith('race-') && streams.includes(e.streamId));
        seen.push(...ours);
        if (batch.length > 0) checkpoint = checkpointOf(batch[batch.length - 1]);
        // Done once the writers have stopped and no committed event is still hidden behind a
        // transaction open elsewhere on the server (other test files run in parallel).
        else if (!stillWriting && !(await hasUnreadEvents(sqlOn(db.dataSource), checkpoint))) return;
        else await sleep(2);
      }
    };

    const reading = reader();
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    writing = false;
    await reading;

    const stored = await db.dataSource.query(`SELECT event_id FROM events WHERE stream_id = ANY($1)`, [streams]);
    expect(stored).toHaveLength(writers * perWriter);
    expect(seen).toHaveLength(writers * perWriter);
    expect(new Set(seen.map((e) => e.id)).size).toBe(writers * perWriter);

    // One fixed order: strictly increasing (transaction id, position), and each stream in version order.
    for (let i = 1; i < seen.length; i += 1) {
      const [a, b] = [seen[i - 1], seen[i]];
      const increasing =
        BigInt(a.transactionId) < BigInt(b.transactionId) ||
        (a.transactionId === b.transactionId && BigInt(a.globalPosition) < BigInt(b.globalPosition));
      expect(increasing).toBe(true);
    }
    for (const streamId of streams) {
      const versions = seen.filter((e) => e.streamId === streamId).map((e) => e.streamVersion);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
  });

  it('refuses a stream lock asked after the transaction has written: the lock could no longer keep the order', async () => {
    await expect(
      inTransaction(db.dataSource, async (sql) => {
        await append(sql, `first-${randomUUID()}`, 1);
        await append(sql, `second-${randomUUID()}`, 2);
      }),
    ).rejects.toThrow(/after the transaction's first write/);
  });

  it('per stream, transaction ids follow versions when a transaction appends to several streams', async () => {
    const shared = `shared-${randomUUID()}`;
    const other = `other-${randomUUID()}`;
    // X appends to the shared stream and stays open, holding its lock.
    let releaseX = () => {};
    const xAppended = new Promise<void>((appended) => {
      void inTransaction(db.dataSource, async (sql) => {
        await append(sql, shared, 1);
        appended();
        await new Promise<void>((r) => (releaseX = r));
      });
    });
    await xAppended;
    // Y appends to both: it takes both locks before its first write, so it waits for X without an xid.
    const y = inTransaction(db.dataSource, async (sql) => {
      await lockStreams(sql, [other, shared]);
      await append(sql, other, 2);
      await append(sql, shared, 3);
    });
    await sleep(100);
    releaseX();
    await y;
    const { rows } = await sqlOn(db.dataSource).query<{ stream_version: number; transaction_id: string }>(
      `SELECT stream_version, transaction_id::text FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [shared],
    );
    expect(rows.map((row) => row.stream_version)).toEqual([1, 2]);
    expect(BigInt(rows[1].transaction_id)).toBeGreaterThan(BigInt(rows[0].transaction_id));
  });

  it('reads through the store in batches from a checkpoint', async () => {
    const streamId = `batch-${randomUUID()}`;
    for (let n = 0; n < 5; n += 1) {
      await store.append([{ streamId, expectedVersion: 'any', events: [{ type: 'Noted', data: { n } }] }], metadataFor());
    }
    const all: RecordedEvent[] = [];
    let checkpoint: GlobalCheckpoint = START;
    for (;;) {
      const batch = await store.readAll(checkpoint, 2);
      expect(batch.length).toBeLessThanOrEqual(2);
      all.push(...batch);
      if (batch.length > 0) checkpoint = checkpointOf(batch[batch.length - 1]);
      else if (await hasUnreadEvents(sqlOn(db.dataSource), checkpoint)) await sleep(5);
      else break;
    }
    expect(all.filter((e) => e.streamId === streamId).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
  });

  it("reads a consumer's batch with one walk of each type's index range, however many events it returns", async () => {
    const streamId = `walks-${randomUUID()}`;
    await store.append(
      [{ streamId, expectedVersion: 'any', events: Array.from({ length: 50 }, (_, n) => ({ type: 'Walked', data: { n } })) }],
      metadataFor(),
    );
    let calls = NaN;
    // Another test file's open transaction may hold the server-wide horizon for a moment: read again until it has passed.
    await eventually(async () => {
      const read = await inTransaction(db.dataSource, async (sql) => {
        // Counted per transaction by PostgreSQL itself (track_functions), not timed.
        await sql.query(`SET LOCAL track_functions = 'pl'`);
        const { events } = await nextBatch(sql, schemas, `walker-${randomUUID()}`, 100, ['Walked', 'NeverWritten'], { rows: true });
        const { rows } = await sql.query<{ calls: string }>(
          `SELECT pg_stat_get_xact_function_calls('event_positions_after'::regproc)::text AS calls`,
        );
        return { walked: events.filter((e) => e.streamId === streamId).length, calls: Number(rows[0].calls) };
      });
      calls = read.calls;
      return read.walked === 50;
    }, 'the batch holds the 50 events');
    // One walk per statement serves the batch and the check for events hidden beyond the horizon, not one per event.
    expect(calls).toBe(1);
  });

  it("gives a batch's figures once and its events in order, with their metadata or, not asked for it, only their trace", async () => {
    const type = `Traced-${randomUUID()}`;
    const traced = { ...metadataFor(), traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    const untraced = metadataFor();
    await store.append([{ streamId: `traced-${randomUUID()}`, expectedVersion: 'any', events: [{ type, data: { n: 1 } }] }], traced);
    await store.append([{ streamId: `traced-${randomUUID()}`, expectedVersion: 'any', events: [{ type, data: { n: 2 } }] }], untraced);
    const read = (metadata: boolean) =>
      inTransaction(db.dataSource, (sql) => nextBatch(sql, schemas, `reader-${randomUUID()}`, 10, [type], { rows: true, metadata }));
    // Another test file's open transaction may hold the server-wide horizon for a moment: read again until it has passed.
    await eventually(async () => (await read(true)).count === 2, 'both events are below the horizon');
    const whole = await read(true);
    const bare = await read(false);
    for (const batch of [whole, bare]) {
      expect(batch.count).toBe(2);
      expect(batch.events.map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }]);
      expect([batch.after, batch.hidden]).toEqual([START, false]);
    }
    expect(whole.events.map((event) => event.metadata)).toEqual([traced, untraced]);
    expect(bare.events.map((event) => event.metadata)).toEqual([{ traceparent: traced.traceparent }, {}]);
  });
});
