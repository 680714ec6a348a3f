import { randomUUID } from 'node:crypto';
import { EventSchemas, EventStore, IdempotencyKeyReusedError, type CommandPlan } from '@goodpay/event-store';
import { RuleViolationError } from '@goodpay/shared';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { metadataFor } from '../../support/actors';

describe('event store: idempotency keys', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource, new EventSchemas());
  });
  afterAll(() => db.drop());

  /** A creating command: a new stream per call, so only the key can stop a duplicate. */
  const create = (body: { amount: number }) => async (): Promise<CommandPlan<{ id: string }>> => {
    const id = randomUUID();
    return {
      appends: [{ streamId: `thing-${id}`, expectedVersion: 'no_stream', events: [{ type: 'ThingCreated', data: body }] }],
      respond: () => ({ id }),
    };
  };
  const countThings = async () => Number((await db.dataSource.query(`SELECT count(*) FROM events WHERE type = 'ThingCreated'`))[0].count);

  it('answers a repeated request with the first result and appends nothing more', async () => {
    const before = await countThings();
    const idempotency = { scope: 'client-a', key: randomUUID(), request: { command: 'create', amount: 100 } };
    const first = await store.execute(create({ amount: 100 }), { metadata: metadataFor(), idempotency });
    const again = await store.execute(create({ amount: 100 }), { metadata: metadataFor(), idempotency });
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await countThings()).toBe(before + 1);
  });

  it('refuses the same key with a different request (422) and changes nothing', async () => {
    const key = randomUUID();
    await store.execute(create({ amount: 100 }), {
      metadata: metadataFor(),
      idempotency: { scope: 'client-b', key, request: { command: 'create', amount: 100 } },
    });
    const before = await countThings();
    const reused = store.execute(create({ amount: 999 }), {
      metadata: metadataFor(),
      idempotency: { scope: 'client-b', key, request: { command: 'create', amount: 999 } },
    });
    await expect(reused).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(reused).rejects.toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(await countThings()).toBe(before);
  });

  it('keeps keys of different clients apart', async () => {
    const key = randomUUID();
    const a = await store.execute(create({ amount: 1 }), {
      metadata: metadataFor(),
      idempotency: { scope: 'a', key, request: { amount: 1 } },
    });
    const b = await store.execute(create({ amount: 1 }), {
      metadata: metadataFor(),
      idempotency: { scope: 'b', key, request: { amount: 1 } },
    });
    expect(a.response).not.toEqual(b.response);
  });

  it('appends once when the same request races itself', async () => {
    const before = await countThings();
    const idempotency = { scope: 'client-c', key: randomUUID(), request: { command: 'create', amount: 5 } };
    const results = await Promise.all(
      Array.from({ length: 12 }, () => store.execute(create({ amount: 5 }), { metadata: metadataFor(), idempotency })),
    );
    expect(new Set(results.map((r) => JSON.stringify(r.response))).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await countThings()).toBe(before + 1);
  });

  it('answers a twin with the first result even when the first is what makes the twin refuse', async () => {
    // One seat: whoever finds the stream taken is refused. The twin checks the key before the
    // first commits and decides after, so its own decision would be a refusal.
    const seat = `seat-${randomUUID()}`;
    const takeSeat = (waitFor?: Promise<void>) => async (): Promise<CommandPlan<{ seat: string }>> => {
      await waitFor;
      if ((await store.readStream(seat)).version > 0) throw new RuleViolationError('seat_taken', 'the seat is taken');
      return {
        appends: [{ streamId: seat, expectedVersion: 'no_stream', events: [{ type: 'SeatTaken', data: {} }] }],
        respond: () => ({ seat }),
      };
    };
    const idempotency = { scope: 'client-e', key: randomUUID(), request: { command: 'take', seat } };
    let firstDone!: () => void;
    const afterFirst = new Promise<void>((resolve) => (firstDone = resolve));
    const twin = store.execute(takeSeat(afterFirst), { metadata: metadataFor(), idempotency });
    const first = await store.execute(takeSeat(), { metadata: metadataFor(), idempotency });
    firstDone();
    expect(await twin).toEqual({ ...first, replayed: true });
  });

  it('stores nothing, key included, when the command fails', async () => {
    const idempotency = { scope: 'client-d', key: randomUUID(), request: { amount: 5 } };
    const failing = async (): Promise<CommandPlan<unknown>> => {
      throw new Error('decided against it');
    };
    await expect(store.execute(failing, { metadata: metadataFor(), idempotency })).rejects.toThrow('decided against it');
    const keys = await db.dataSource.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [idempotency.key]);
    expect(keys).toHaveLength(0);
  });

  it('stores neither events nor the key when one of several streams is not at its version', async () => {
    const taken = `thing-${randomUUID()}`;
    await store.append(
      [{ streamId: taken, expectedVersion: 'no_stream', events: [{ type: 'ThingCreated', data: { amount: 1 } }] }],
      metadataFor(),
    );
    const before = await countThings();
    const idempotency = { scope: 'client-f', key: randomUUID(), request: { command: 'two' } };
    const both = async (): Promise<CommandPlan<null>> => ({
      appends: [
        { streamId: `thing-${randomUUID()}`, expectedVersion: 'no_stream', events: [{ type: 'ThingCreated', data: { amount: 2 } }] },
        { streamId: taken, expectedVersion: 'no_stream', events: [{ type: 'ThingCreated', data: { amount: 3 } }] },
      ],
      respond: () => null,
    });
    await expect(store.execute(both, { metadata: metadataFor(), idempotency })).rejects.toMatchObject({
      code: 'concurrency_conflict',
      streamId: taken,
      actual: 1,
    });
    expect(await countThings()).toBe(before);
    expect(await db.dataSource.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [idempotency.key])).toHaveLength(0);
  });

  it('stores the answer with the position of the last event, and one that reads the append result too', async () => {
    const idempotency = { scope: 'client-g', key: randomUUID(), request: { command: 'create' } };
    const first = await store.execute(create({ amount: 7 }), { metadata: metadataFor(), idempotency });
    const [stored] = await db.dataSource.query('SELECT response FROM idempotency_keys WHERE key = $1', [idempotency.key]);
    expect(stored.response).toEqual({ ...first, replayed: false });
    expect(BigInt(first.position)).toBeGreaterThan(0n);

    const readsResult = { scope: 'client-g', key: randomUUID(), request: { command: 'counted' } };
    const counted = async (): Promise<CommandPlan<{ versions: number[] }>> => ({
      appends: [
        { streamId: `thing-${randomUUID()}`, expectedVersion: 'no_stream', events: [{ type: 'ThingCreated', data: { amount: 8 } }] },
      ],
      respond: (result) => ({ versions: result.events.map((e) => e.streamVersion) }),
    });
    const answered = await store.execute(counted, { metadata: metadataFor(), idempotency: readsResult });
    expect(answered.response).toEqual({ versions: [1] });
    expect(await store.execute(counted, { metadata: metadataFor(), idempotency: readsResult })).toEqual({ ...answered, replayed: true });
  });
});
