import { randomUUID } from 'node:crypto';
import { type CommandPlan, type Decider, EventSchemas, EventStore } from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { metadataFor } from '../../support/actors';

/** A tally of numbers, whose snapshot is its state as JSON; `every` 3 so tests take several. */
type Added = { type: 'Added'; data: { n: number } };
interface Tally {
  sum: number;
  count: number;
}
const tally: Decider<Tally, { n: number }, Added> = {
  initialState: () => ({ sum: 0, count: 0 }),
  evolve: (state, event) => ({ sum: state.sum + event.data.n, count: state.count + 1 }),
  decide: (command) => [{ type: 'Added', data: { n: command.n } }],
  snapshots: { schema: 'tally/1', every: 3, encode: (state) => state, decode: (encoded) => encoded as Tally },
};

describe('event store: snapshots and commands that take turns', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource, new EventSchemas());
  });
  afterAll(() => db.drop());

  const add = (streamId: string, n: number, maxAttempts = 1) =>
    store.execute(
      async (read): Promise<CommandPlan<null>> => {
        const { state, version } = await read.aggregate(streamId, tally);
        return { appends: [{ streamId, expectedVersion: version, events: tally.decide({ n }, state) }], respond: () => null };
      },
      { metadata: metadataFor(), maxAttempts, reads: [{ streamId, snapshots: tally.snapshots }], serialiseOn: streamId },
    );
  const snapshotOf = async (streamId: string) =>
    (await db.dataSource.query('SELECT schema, version, state FROM stream_snapshots WHERE stream_id = $1', [streamId]))[0];

  it('folds from the snapshot it keeps, to the same state as the whole stream', async () => {
    const streamId = `tally-${randomUUID()}`;
    for (let n = 1; n <= 10; n += 1) await add(streamId, n);
    const snapshot = await snapshotOf(streamId);
    expect(snapshot.version).toBeGreaterThanOrEqual(3);
    expect(snapshot.state).toEqual({ sum: (snapshot.version * (snapshot.version + 1)) / 2, count: snapshot.version });
    expect(await store.aggregate(streamId, tally)).toEqual({ state: { sum: 55, count: 10 }, version: 10 });
    const { events } = await store.readStream(streamId);
    expect(events).toHaveLength(10);
  });

  it('uses a snapshot of its own schema, and ignores and replaces one of another', async () => {
    const streamId = `tally-${randomUUID()}`;
    for (let n = 1; n <= 4; n += 1) await add(streamId, n);
    const schema = (await snapshotOf(streamId)).schema as string;
    // A snapshot says what the fold says only because the store trusts it: a planted one shows it is read.
    await db.dataSource.query(`UPDATE stream_snapshots SET version = 4, state = '{"sum": 1000, "count": 4}' WHERE stream_id = $1`, [
      streamId,
    ]);
    expect((await store.aggregate(streamId, tally)).state).toEqual({ sum: 1000, count: 4 });
    await db.dataSource.query(`UPDATE stream_snapshots SET schema = 'tally/0' WHERE stream_id = $1`, [streamId]);
    expect(await store.aggregate(streamId, tally)).toEqual({ state: { sum: 10, count: 4 }, version: 4 });
    expect(await snapshotOf(streamId)).toEqual({ schema, version: 4, state: { sum: 10, count: 4 } });
  });

  it('a decider with another encoding, reading a stream read ahead from a snapshot, folds the whole stream', async () => {
    const streamId = `tally-${randomUUID()}`;
    for (let n = 1; n <= 4; n += 1) await add(streamId, n);
    await db.dataSource.query(`UPDATE stream_snapshots SET state = '{"sum": 1000, "count": 4}' WHERE stream_id = $1`, [streamId]);
    const plain = { initialState: tally.initialState, evolve: tally.evolve };
    let seen: unknown;
    await store.execute(
      async (read): Promise<CommandPlan<null>> => {
        seen = await read.aggregate(streamId, plain);
        return { appends: [], respond: () => null };
      },
      { metadata: metadataFor(), reads: [{ streamId, snapshots: tally.snapshots }] },
    );
    expect(seen).toEqual({ state: { sum: 10, count: 4 }, version: 4 });
  });

  it('reads the events a field names up to the version decided on, whatever the snapshot folded', async () => {
    const streamId = `tally-${randomUUID()}`;
    for (const n of [7, 1, 7, 2, 7]) await add(streamId, n);
    expect((await snapshotOf(streamId)).version).toBeGreaterThanOrEqual(3);
    const sevens = (toVersion: number) => store.readStreamWhere(streamId, { types: ['Added'], field: 'n', equals: '7', toVersion });
    expect((await sevens(5)).map((e) => e.streamVersion)).toEqual([1, 3, 5]);
    expect((await sevens(4)).map((e) => e.streamVersion)).toEqual([1, 3]);
    expect(await store.readStreamWhere(streamId, { types: ['Removed'], field: 'n', equals: '7', toVersion: 5 })).toEqual([]);
    let seen: number[] = [];
    await store.execute(
      async (read): Promise<CommandPlan<null>> => {
        const { version } = await read.aggregate(streamId, tally);
        seen = (await read.readStreamWhere(streamId, { types: ['Added'], field: 'n', equals: '7', toVersion: version })).map(
          (e) => e.streamVersion,
        );
        return { appends: [], respond: () => null };
      },
      { metadata: metadataFor(), reads: [{ streamId, snapshots: tally.snapshots }] },
    );
    expect(seen).toEqual([1, 3, 5]);
  });

  it('runs concurrent commands on one stream in turn in a process: none loses a race', async () => {
    const streamId = `tally-${randomUUID()}`;
    // One attempt each: a command that raced another would fail with a concurrency conflict.
    const results = await Promise.allSettled(Array.from({ length: 24 }, (_, i) => add(streamId, i + 1)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await store.aggregate(streamId, tally)).toEqual({ state: { sum: 300, count: 24 }, version: 24 });
  });

  it('still refuses a stale writer from outside the turns (another process) and lets the command retry', async () => {
    const streamId = `tally-${randomUUID()}`;
    await add(streamId, 1);
    let raced = false;
    const result = store.execute(
      async (read): Promise<CommandPlan<null>> => {
        const { state, version } = await read.aggregate(streamId, tally);
        if (!raced) {
          raced = true;
          await store.append([{ streamId, expectedVersion: version, events: [{ type: 'Added', data: { n: 100 } }] }], metadataFor());
        }
        return { appends: [{ streamId, expectedVersion: version, events: tally.decide({ n: 2 }, state) }], respond: () => null };
      },
      { metadata: metadataFor(), maxAttempts: 2, reads: [streamId], serialiseOn: streamId },
    );
    await expect(result).resolves.toMatchObject({ replayed: false });
    expect((await store.aggregate(streamId, tally)).state).toEqual({ sum: 103, count: 3 });
  });
});
