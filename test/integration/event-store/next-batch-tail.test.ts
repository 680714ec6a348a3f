import { randomUUID } from 'node:crypto';
import {
  EventSchemas,
  EventStore,
  eventStoreMigrations,
  type GlobalCheckpoint,
  inTransaction,
  LIVE_TAIL_EVENTS,
  nextBatch,
  type NextBatch,
  readAll,
  readCheckpoint,
  sqlOn,
  START,
} from '@goodpay/event-store';
import { createTestDatabase, holdOlderTransaction, type TestDatabase } from '../../support/test-database';
import { metadataFor } from '../../support/actors';
import { eventually } from '../../support/processes';

/**
 * consumer_next_batch at the end of the log: the batch read from the tail after the checkpoint
 * (every type, up to LIVE_TAIL_EVENTS events), and each type's walk only when the tail is longer.
 */
describe("event store: a consumer's live batch, read from the log's tail", () => {
  let db: TestDatabase;
  let store: EventStore;
  const schemas = new EventSchemas();

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, { poolSize: 10 });
    store = new EventStore(db.dataSource, schemas);
  });
  afterAll(() => db.drop());

  /** Appends `types` as events of one new stream, in one transaction; returns where the last one stands. */
  const append = async (types: string[]): Promise<GlobalCheckpoint> => {
    const { events } = await store.append(
      [{ streamId: `tail-${randomUUID()}`, expectedVersion: 'any', events: types.map((type, n) => ({ type, data: { n } })) }],
      metadataFor(),
    );
    const last = events[events.length - 1];
    return { transactionId: last.transactionId, position: last.globalPosition };
  };

  /** Until the horizon (server-wide: other test files' transactions hold it too) has passed `last`: it stays passed. */
  const belowHorizon = (last: GlobalCheckpoint) =>
    eventually(async () => {
      const [{ below }] = await db.dataSource.query(`SELECT $1::xid8 < pg_snapshot_xmin(pg_current_snapshot()) AS below`, [
        last.transactionId,
      ]);
      return below as boolean;
    }, 'the horizon passes the appended events');

  /** One batch in a transaction of its own, and how many walks of each type's index range it made (none: read from the tail). */
  const batchOf = (name: string, limit: number, types: string[], rows = true) =>
    inTransaction(db.dataSource, async (sql) => {
      await sql.query(`SET LOCAL track_functions = 'pl'`);
      // Counted by PostgreSQL itself; the counts not yet reported of the connection's earlier transactions are in it too.
      const calls = async () =>
        Number(
          (
            await sql.query<{ calls: string }>(
              `SELECT coalesce(pg_stat_get_xact_function_calls('event_positions_after'::regproc), 0)::text AS calls`,
            )
          ).rows[0].calls,
        );
      const before = await calls();
      const batch = await nextBatch(sql, schemas, name, limit, types, { rows });
      return { ...batch, walks: (await calls()) - before };
    });

  /** A new consumer whose checkpoint stands at the log's end (a batch of no type passes every event below the horizon). */
  const consumerAtTheEnd = async (): Promise<string> => {
    const name = `live-${randomUUID()}`;
    const last = await append(['Marker']);
    await belowHorizon(last);
    await batchOf(name, 10, ['NeverWritten']);
    expect(await readCheckpoint(sqlOn(db.dataSource), name)).toEqual(last);
    return name;
  };

  const positions = (batch: NextBatch) => batch.events.map((event) => event.globalPosition);

  /** What a reader of the whole log in the gap-safe order finds of `types` after `after`. */
  const expected = async (after: GlobalCheckpoint, types: string[]) =>
    (await readAll(sqlOn(db.dataSource), schemas, after, 10_000)).filter((e) => types.includes(e.type)).map((e) => e.globalPosition);

  it('reads exactly its types below the horizon, in the gap-safe order, and passes the others', async () => {
    const name = await consumerAtTheEnd();
    const ranged = await consumerAtTheEnd();
    const after = await readCheckpoint(sqlOn(db.dataSource), name);
    await append(['Wanted', 'Other', 'Wanted']);
    await append(['Also', 'Other']);
    const last = await append(['Wanted', 'Other']);
    await belowHorizon(last);

    const batch = await batchOf(name, 500, ['Wanted', 'Also', 'NeverWritten']);
    expect(batch.walks).toBe(0);
    expect(positions(batch)).toEqual(await expected(after, ['Wanted', 'Also']));
    expect(batch.events.map((event) => event.type)).toEqual(['Wanted', 'Wanted', 'Also', 'Wanted']);
    expect([batch.after, batch.passed, batch.count, batch.hidden]).toEqual([after, last, 4, false]);
    expect(await readCheckpoint(sqlOn(db.dataSource), name)).toEqual(last);

    // A range projection's batch: the same range and count, no events.
    const range = await batchOf(ranged, 5000, ['Wanted', 'Also'], false);
    expect([range.walks, range.events, range.passed, range.count, range.hidden]).toEqual([0, [], last, 4, false]);

    // Nothing new: the checkpoint stays, nothing is fetched.
    const again = await batchOf(name, 500, ['Wanted', 'Also']);
    expect([again.walks, again.events, again.after, again.passed, again.count, again.hidden]).toEqual([0, [], last, last, 0, false]);
  });

  it('ends a full batch at its last event, and the next batch goes on from there', async () => {
    const name = await consumerAtTheEnd();
    const after = await readCheckpoint(sqlOn(db.dataSource), name);
    const last = await append(['Wanted', 'Other', 'Wanted', 'Other', 'Wanted', 'Other']);
    await belowHorizon(last);
    const wanted = await expected(after, ['Wanted']);

    const first = await batchOf(name, 2, ['Wanted']);
    expect([first.walks, positions(first), first.count]).toEqual([0, wanted.slice(0, 2), 2]);
    expect(first.passed).toEqual({ transactionId: last.transactionId, position: wanted[1] });
    const second = await batchOf(name, 2, ['Wanted']);
    expect([second.walks, positions(second), second.count, second.passed]).toEqual([0, wanted.slice(2), 1, last]);
  });

  it('says exactly whether events of its types are hidden beyond the horizon, and reads them once it has passed', async () => {
    const name = await consumerAtTheEnd();
    const others = await consumerAtTheEnd();
    // The later consumer's checkpoint: the last event of the log, which both batches pass.
    const end = await readCheckpoint(sqlOn(db.dataSource), others);
    const release = await holdOlderTransaction(db.dataSource);
    let hidden: GlobalCheckpoint;
    try {
      hidden = await append(['Wanted', 'Other']);
      const held = await batchOf(name, 500, ['Wanted']);
      expect([held.walks, held.events, held.count, held.hidden, held.passed]).toEqual([0, [], 0, true, end]);
      // Another consumer's types are not among the hidden events: it is told so.
      const notMine = await batchOf(others, 500, ['Elsewhere']);
      expect([notMine.walks, notMine.count, notMine.hidden, notMine.passed]).toEqual([0, 0, false, end]);
    } finally {
      await release();
    }
    await belowHorizon(hidden);
    const read = await batchOf(name, 500, ['Wanted']);
    expect([read.walks, read.events.map((event) => event.type), read.hidden, read.passed]).toEqual([0, ['Wanted'], false, hidden]);
  });

  it(`walks each type's index range when more than ${LIVE_TAIL_EVENTS} events follow the checkpoint, with the same batch`, async () => {
    const exact = await consumerAtTheEnd();
    const longer = await consumerAtTheEnd();
    const exactAfter = await readCheckpoint(sqlOn(db.dataSource), exact);
    const longerAfter = await readCheckpoint(sqlOn(db.dataSource), longer);
    // The later consumer's marker, then LIVE_TAIL_EVENTS - 1 events: LIVE_TAIL_EVENTS after the first one's checkpoint.
    const types = Array.from({ length: LIVE_TAIL_EVENTS - 1 }, (_, n) => (n % 3 === 0 ? 'Wanted' : 'Other'));
    const upTo = await append(types);
    await belowHorizon(upTo);
    const fromTail = await batchOf(exact, 500, ['Wanted']);
    const exactWanted = await expected(exactAfter, ['Wanted']);
    expect([fromTail.walks, positions(fromTail), fromTail.count, fromTail.passed]).toEqual([0, exactWanted, exactWanted.length, upTo]);

    // Two more: LIVE_TAIL_EVENTS + 1 after the second one's checkpoint, more than the tail's probe reads.
    const last = await append(['Other', 'Wanted']);
    await belowHorizon(last);
    const walked = await batchOf(longer, 500, ['Wanted']);
    const longerWanted = await expected(longerAfter, ['Wanted']);
    expect([walked.walks, positions(walked), walked.count, walked.hidden, walked.passed]).toEqual([
      1,
      longerWanted,
      longerWanted.length,
      false,
      last,
    ]);
    // A full batch within the tail's first events needs no walk, however long the tail: they are
    // every event up to the last of them, those below the horizon first.
    const behind = `behind-${randomUUID()}`;
    const fromStart = await batchOf(behind, 3, ['Wanted']);
    const firstWanted = (await expected(START, ['Wanted'])).slice(0, 3);
    expect([fromStart.walks, fromStart.after, positions(fromStart), fromStart.count]).toEqual([0, START, firstWanted, 3]);
    expect(fromStart.passed.position).toBe(firstWanted[2]);
    // One that is not full there is found by the walk: a type of which the tail's first events hold none.
    const last2 = await append(['Rare']);
    await belowHorizon(last2);
    const rare = await batchOf(`rare-${randomUUID()}`, 3, ['Rare']);
    expect([rare.walks, rare.count, rare.events.map((event) => event.globalPosition), rare.passed]).toEqual([
      1,
      1,
      [last2.position],
      last2,
    ]);
  });
});
