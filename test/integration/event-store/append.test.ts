import { randomUUID } from 'node:crypto';
import { EventSchemas, EventStore, WrongExpectedVersionError } from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { metadataFor } from '../../support/actors';

const noted = (n: number) => ({ type: 'Noted', data: { n } });

describe('event store: appending to streams', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource, new EventSchemas());
  });
  afterAll(() => db.drop());

  const stream = () => `test-${randomUUID()}`;

  it('creates a stream when it must not exist, then refuses a second creation', async () => {
    const id = stream();
    const { events } = await store.append([{ streamId: id, expectedVersion: 'no_stream', events: [noted(1), noted(2)] }], metadataFor());
    expect(events.map((e) => e.streamVersion)).toEqual([1, 2]);
    await expect(store.append([{ streamId: id, expectedVersion: 'no_stream', events: [noted(3)] }], metadataFor())).rejects.toMatchObject({
      code: 'concurrency_conflict',
      status: 409,
      actual: 2,
    });
  });

  it('appends at the exact expected version and refuses a stale one', async () => {
    const id = stream();
    await store.append([{ streamId: id, expectedVersion: 'no_stream', events: [noted(1)] }], metadataFor());
    await store.append([{ streamId: id, expectedVersion: 1, events: [noted(2)] }], metadataFor());
    const stale = store.append([{ streamId: id, expectedVersion: 1, events: [noted(3)] }], metadataFor());
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(store.append([{ streamId: id, expectedVersion: 5, events: [noted(3)] }], metadataFor())).rejects.toMatchObject({
      expected: 5,
      actual: 2,
    });
    const { version, events } = await store.readStream(id);
    expect(version).toBe(2);
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
  });

  it('refuses an exact version on a stream that does not exist', async () => {
    await expect(store.append([{ streamId: stream(), expectedVersion: 3, events: [noted(1)] }], metadataFor())).rejects.toMatchObject({
      actual: null,
    });
  });

  it("appends with 'any' whatever the version", async () => {
    const id = stream();
    await store.append([{ streamId: id, expectedVersion: 'any', events: [noted(1)] }], metadataFor());
    await store.append([{ streamId: id, expectedVersion: 'any', events: [noted(2), noted(3)] }], metadataFor());
    expect((await store.readStream(id)).version).toBe(3);
  });

  it('stores the whole envelope: ids, versions, positions, type, schema version, metadata, time', async () => {
    const id = stream();
    const metadata = metadataFor({ id: 'user-1', role: 'citizen' });
    const [written] = (await store.append([{ streamId: id, expectedVersion: 'no_stream', events: [noted(7)] }], metadata)).events;
    const [read] = (await store.readStream(id)).events;
    expect(read).toEqual(written);
    expect(read).toMatchObject({ streamId: id, streamVersion: 1, type: 'Noted', schemaVersion: 1, data: { n: 7 }, metadata });
    expect(BigInt(read.globalPosition)).toBeGreaterThan(0n);
    expect(BigInt(read.transactionId)).toBeGreaterThan(0n);
    expect(read.recordedAt).toBeInstanceOf(Date);
  });

  it('appends to several streams atomically: one stale expectation stores nothing anywhere', async () => {
    const a = stream();
    const b = stream();
    await store.append([{ streamId: b, expectedVersion: 'no_stream', events: [noted(1)] }], metadataFor());
    await expect(
      store.append(
        [
          { streamId: a, expectedVersion: 'no_stream', events: [noted(1)] },
          { streamId: b, expectedVersion: 'no_stream', events: [noted(2)] },
        ],
        metadataFor(),
      ),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect((await store.readStream(a)).version).toBe(0);
    expect((await store.readStream(b)).version).toBe(1);
  });

  it('lets exactly one of many concurrent writers at the same expected version win', async () => {
    const id = stream();
    await store.append([{ streamId: id, expectedVersion: 'no_stream', events: [noted(0)] }], metadataFor());
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.append([{ streamId: id, expectedVersion: 1, events: [noted(i)] }], metadataFor())),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const failed of attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected')) {
      expect(failed.reason).toBeInstanceOf(WrongExpectedVersionError);
    }
    expect((await store.readStream(id)).version).toBe(2);
  });

  it("keeps every concurrent 'any' append, numbered without gaps or repeats", async () => {
    const id = stream();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => store.append([{ streamId: id, expectedVersion: 'any', events: [noted(i)] }], metadataFor())),
    );
    const { events } = await store.readStream(id);
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => (e.data as { n: number }).n)).size).toBe(30);
  });

  it('upcasts old schema versions when reading, without rewriting what is stored', async () => {
    const schemas = new EventSchemas();
    const writer = new EventStore(db.dataSource, schemas);
    const id = stream();
    await writer.append(
      [{ streamId: id, expectedVersion: 'no_stream', events: [{ type: 'Renamed', data: { name: 'Hong Gildong' } }] }],
      metadataFor(),
    );

    schemas.register('Renamed', 2, { 1: (old: { name: string }) => ({ fullName: old.name, source: 'v1' }) });
    const [upcast] = (await writer.readStream(id)).events;
    expect(upcast).toMatchObject({ schemaVersion: 2, data: { fullName: 'Hong Gildong', source: 'v1' } });

    const raw = await db.dataSource.query('SELECT schema_version, data FROM events WHERE stream_id = $1', [id]);
    expect(raw).toEqual([{ schema_version: 1, data: { name: 'Hong Gildong' } }]);
  });
});
