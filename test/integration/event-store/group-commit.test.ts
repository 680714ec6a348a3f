import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Pool } from 'pg';
import {
  type CommandPlan,
  type CommandResult,
  type Decider,
  EventSchemas,
  EventStore,
  type ExecuteOptions,
  IdempotencyKeyReusedError,
  WrongExpectedVersionError,
} from '@goodpay/event-store';
import { DomainError, RuleViolationError } from '@goodpay/shared';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { metadataFor } from '../../support/actors';

/** A purse: deposits, and spends refused when they are more than the balance (a hot balance in small). */
type PurseEvent = { type: 'Deposited'; data: { n: number } } | { type: 'Spent'; data: { n: number } };
type PurseCommand = { type: 'Deposit' | 'Spend'; n: number };
const purse: Decider<{ balance: number }, PurseCommand, PurseEvent> = {
  initialState: () => ({ balance: 0 }),
  evolve: (state, event) => ({ balance: state.balance + (event.type === 'Deposited' ? event.data.n : -event.data.n) }),
  decide: (command, state) => {
    if (command.type === 'Deposit') return [{ type: 'Deposited', data: { n: command.n } }];
    if (command.n > state.balance) throw new RuleViolationError('insufficient_balance', `only ${state.balance} left`);
    return [{ type: 'Spent', data: { n: command.n } }];
  },
};

type Outcome = { ok: unknown; replayed: boolean } | { refused: string };

describe('event store: group commit of commands waiting on one stream', () => {
  let db: TestDatabase;
  let store: EventStore;
  /** Statements the store ran, by their prepared name. */
  let statements: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource, new EventSchemas());
    const pool = (db.dataSource.driver as unknown as { master: Pool }).master;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    statements = [];
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const name = (args[0] as { name?: string } | undefined)?.name;
      if (name) statements.push(name);
      return query(...args);
    };
  });
  afterAll(() => db.drop());

  const counted = async <T>(work: () => Promise<T>): Promise<{ result: T; appends: number; reads: number }> => {
    statements.length = 0;
    const result = await work();
    return {
      result,
      appends: statements.filter((name) => name === 'goodpay_append_commands').length,
      reads: statements.filter((name) => name === 'goodpay_recall_each_and_read').length,
    };
  };

  const on = (streamId: string, command: PurseCommand, options: Partial<ExecuteOptions> = {}, store_ = store) =>
    store_.execute(
      async (read): Promise<CommandPlan<{ left: number }>> => {
        const { state, version } = await read.aggregate(streamId, purse);
        const events = purse.decide(command, state);
        const left = state.balance + (command.type === 'Deposit' ? command.n : -command.n);
        return { appends: [{ streamId, expectedVersion: version, events }], respond: () => ({ left }) };
      },
      { metadata: metadataFor(), maxAttempts: 3, reads: [streamId], serialiseOn: streamId, group: true, ...options },
    );
  const keyOf = (scope: string, key: string, command: PurseCommand) => ({ scope, key, request: command });
  const outcome = (settled: PromiseSettledResult<CommandResult<unknown>>): Outcome =>
    settled.status === 'fulfilled'
      ? { ok: settled.value.response, replayed: settled.value.replayed }
      : { refused: (settled.reason as DomainError).code ?? String(settled.reason) };
  const eventsOf = async (streamId: string) => (await store.readStream(streamId)).events.map((e) => [e.type, (e.data as { n: number }).n]);
  const newPurse = async (balance: number) => {
    const streamId = `purse-${randomUUID()}`;
    await on(streamId, { type: 'Deposit', n: balance });
    return streamId;
  };

  it('decides the commands waiting on a stream as one group, in one read and one statement, as one after another would', async () => {
    const amounts = [30, 50, 25, 10, 40, 5, 1, 20, 15, 4];
    const sequential = await newPurse(100);
    const alone: PromiseSettledResult<CommandResult<unknown>>[] = [];
    for (const n of amounts) alone.push(...(await Promise.allSettled([on(sequential, { type: 'Spend', n })])));

    const grouped = await newPurse(100);
    const { result, appends, reads } = await counted(() => Promise.allSettled(amounts.map((n) => on(grouped, { type: 'Spend', n }))));
    expect(appends).toBe(1);
    expect(reads).toBe(1);
    expect(result.map(outcome)).toEqual(alone.map(outcome));
    // 30, 50, 10, 5, 1 and 4 fit; 25, 40, 20 and 15 find too little left.
    expect(result.map(outcome).filter((o) => 'refused' in o)).toHaveLength(4);
    expect(await eventsOf(grouped)).toEqual(await eventsOf(sequential));
    // Each answer's position is that of its own event, in arrival order.
    const { events } = await store.readStream(grouped);
    const positions = result.flatMap((r) => (r.status === 'fulfilled' ? [r.value.position] : []));
    expect(positions).toEqual(events.slice(1).map((e) => e.globalPosition));
  });

  it('gives each Idempotency-Key in a group its own first answer', async () => {
    const streamId = await newPurse(100);
    const scope = `client-${randomUUID()}`;
    const spend = (n: number, key: string) => on(streamId, { type: 'Spend', n }, { idempotency: keyOf(scope, key, { type: 'Spend', n }) });
    const before = await spend(10, 'k0');

    const { result, appends } = await counted(() =>
      Promise.allSettled([
        spend(5, 'k1'),
        spend(5, 'k1'), // its twin: the first's answer
        spend(7, 'k1'), // the same key for another request: refused
        spend(10, 'k0'), // answered before the group
        spend(1_000, 'k2'), // refused: its key keeps nothing
        spend(3, 'k2'), // so the same key decides again, for its own request
        spend(3, 'k2'), // and its twin has that answer
      ]),
    );
    expect(appends).toBe(1);
    const [first, twin, reused, earlier, refused, second, secondTwin] = result;
    expect(first).toMatchObject({ status: 'fulfilled', value: { response: { left: 85 }, replayed: false } });
    const firstAnswer = (first as PromiseFulfilledResult<CommandResult<unknown>>).value;
    expect(twin).toEqual({ status: 'fulfilled', value: { ...firstAnswer, replayed: true } });
    expect((reused as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(earlier).toEqual({ status: 'fulfilled', value: { ...before, replayed: true } });
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'insufficient_balance' });
    expect(second).toMatchObject({ status: 'fulfilled', value: { response: { left: 82 }, replayed: false } });
    const secondAnswer = (second as PromiseFulfilledResult<CommandResult<unknown>>).value;
    expect(secondTwin).toEqual({ status: 'fulfilled', value: { ...secondAnswer, replayed: true } });
    expect(await eventsOf(streamId)).toEqual([
      ['Deposited', 100],
      ['Spent', 10],
      ['Spent', 5],
      ['Spent', 3],
    ]);

    // What the keys stored, each with its own answer and position, is what a repeat reads.
    await expect(spend(5, 'k1')).resolves.toEqual({ ...firstAnswer, replayed: true });
    await expect(spend(3, 'k2')).resolves.toEqual({ ...secondAnswer, replayed: true });
    expect(firstAnswer.position).not.toBe(secondAnswer.position);
  });

  it('decides the whole group again when a writer of another process moved the stream first', async () => {
    const streamId = await newPurse(100);
    const other = new EventStore(db.dataSource, new EventSchemas());
    let raced = false;
    const racing = store.execute(
      async (read): Promise<CommandPlan<null>> => {
        const { state, version } = await read.aggregate(streamId, purse);
        if (!raced) {
          raced = true;
          await on(streamId, { type: 'Spend', n: 60 }, {}, other);
        }
        return {
          appends: [{ streamId, expectedVersion: version, events: purse.decide({ type: 'Spend', n: 1 }, state) }],
          respond: () => null,
        };
      },
      { metadata: metadataFor(), maxAttempts: 2, reads: [streamId], serialiseOn: streamId, group: true },
    );
    const { result, appends } = await counted(() =>
      Promise.allSettled([racing, ...[20, 15, 10].map((n) => on(streamId, { type: 'Spend', n }))]),
    );
    // Decided on 100, refused by the statement; decided again on 40: 1 + 20 + 15 fit, 10 does not.
    expect(appends).toBe(3); // the other process's, the group's lost one, the group's again
    expect(result.map(outcome)).toEqual([
      { ok: null, replayed: false },
      { ok: { left: 19 }, replayed: false },
      { ok: { left: 4 }, replayed: false },
      { refused: 'insufficient_balance' },
    ]);
    expect(await eventsOf(streamId)).toEqual([
      ['Deposited', 100],
      ['Spent', 60],
      ['Spent', 1],
      ['Spent', 20],
      ['Spent', 15],
    ]);
  });

  it('answers 409 to the commands of a group out of attempts, and stores none of them', async () => {
    const streamId = await newPurse(100);
    const other = new EventStore(db.dataSource, new EventSchemas());
    let raced = false;
    const racing = store.execute(
      async (read): Promise<CommandPlan<null>> => {
        const { state, version } = await read.aggregate(streamId, purse);
        if (!raced) {
          raced = true;
          await on(streamId, { type: 'Spend', n: 1 }, {}, other);
        }
        return {
          appends: [{ streamId, expectedVersion: version, events: purse.decide({ type: 'Spend', n: 2 }, state) }],
          respond: () => null,
        };
      },
      { metadata: metadataFor(), maxAttempts: 1, reads: [streamId], serialiseOn: streamId, group: true },
    );
    const results = await Promise.allSettled([racing, on(streamId, { type: 'Spend', n: 3 }, { maxAttempts: 1 })]);
    for (const r of results) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
    expect(await eventsOf(streamId)).toEqual([
      ['Deposited', 100],
      ['Spent', 1],
    ]);
  });

  it('fails every command of a group whose statement fails, and stores none', async () => {
    const streamId = await newPurse(100);
    const broken = store.execute(
      async (read): Promise<CommandPlan<null>> => {
        const { version } = await read.aggregate(streamId, purse);
        // PostgreSQL's jsonb refuses \u0000: the statement fails, not the decision.
        return {
          appends: [{ streamId, expectedVersion: version, events: [{ type: 'Spent', data: { n: 1, note: '\u0000' } }] }],
          respond: () => null,
        };
      },
      { metadata: metadataFor(), reads: [streamId], serialiseOn: streamId, group: true },
    );
    const results = await Promise.allSettled([on(streamId, { type: 'Spend', n: 1 }), broken, on(streamId, { type: 'Spend', n: 2 })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await eventsOf(streamId)).toEqual([['Deposited', 100]]);
    // Nothing of the group is kept: the same commands succeed afterwards.
    await expect(on(streamId, { type: 'Spend', n: 2 })).resolves.toMatchObject({ response: { left: 98 } });
  });

  it('fails only the command whose answer fails, and stores none of its events', async () => {
    const streamId = await newPurse(100);
    const failing = () =>
      store.execute(
        async (read): Promise<CommandPlan<null>> => {
          const { state, version } = await read.aggregate(streamId, purse);
          const events = purse.decide({ type: 'Spend', n: 50 }, state);
          return {
            appends: [{ streamId, expectedVersion: version, events }],
            respond: () => {
              throw new Error('no answer');
            },
          };
        },
        { metadata: metadataFor(), reads: [streamId], serialiseOn: streamId, group: true },
      );
    const results = await Promise.allSettled([on(streamId, { type: 'Spend', n: 1 }), failing(), on(streamId, { type: 'Spend', n: 2 })]);
    expect(results.map(outcome)).toEqual([
      { ok: { left: 99 }, replayed: false },
      { refused: 'Error: no answer' },
      { ok: { left: 97 }, replayed: false },
    ]);
    expect((await eventsOf(streamId)).map(([, n]) => n)).toEqual([100, 1, 2]);
  });

  it('keeps the order of the commands on the key that do not group', async () => {
    const streamId = await newPurse(100);
    const { result, appends } = await counted(() =>
      Promise.all([
        on(streamId, { type: 'Spend', n: 1 }),
        on(streamId, { type: 'Spend', n: 2 }),
        on(streamId, { type: 'Spend', n: 3 }, { group: false }),
        on(streamId, { type: 'Spend', n: 4 }),
        on(streamId, { type: 'Spend', n: 5 }),
      ]),
    );
    expect(result.map((r) => r.response)).toEqual([{ left: 99 }, { left: 97 }, { left: 94 }, { left: 90 }, { left: 85 }]);
    expect(appends).toBe(3); // the group before it, it, the group after it
  });

  it('runs a command that cannot join a group alone, in its place in the order', async () => {
    const streamId = await newPurse(100);
    const elsewhere = `purse-${randomUUID()}`;
    // Appends to a stream it did not read ahead.
    const outside = () =>
      store.execute(
        async (read): Promise<CommandPlan<string>> => {
          const { state, version } = await read.aggregate(streamId, purse);
          return {
            appends: [
              { streamId, expectedVersion: version, events: purse.decide({ type: 'Spend', n: 2 }, state) },
              { streamId: elsewhere, expectedVersion: 'any', events: [{ type: 'Deposited', data: { n: 2 } }] },
            ],
            respond: () => 'moved',
          };
        },
        { metadata: metadataFor(), reads: [streamId], serialiseOn: streamId, group: true },
      );
    // Answers with what the append returned.
    const positioned = () =>
      store.execute(
        async (read): Promise<CommandPlan<string>> => {
          const { state, version } = await read.aggregate(streamId, purse);
          return {
            appends: [{ streamId, expectedVersion: version, events: purse.decide({ type: 'Spend', n: 4 }, state) }],
            respond: (result) => result.lastPosition,
          };
        },
        { metadata: metadataFor(), reads: [streamId], serialiseOn: streamId, group: true },
      );
    const results = await Promise.all([
      on(streamId, { type: 'Spend', n: 1 }),
      outside(),
      on(streamId, { type: 'Spend', n: 3 }),
      positioned(),
      on(streamId, { type: 'Spend', n: 5 }),
    ]);
    expect(results.map((r) => r.response)).toEqual([{ left: 99 }, 'moved', { left: 94 }, results[3].position, { left: 85 }]);
    expect((await eventsOf(streamId)).map(([, n]) => n)).toEqual([100, 1, 2, 3, 4, 5]);
    expect(await eventsOf(elsewhere)).toEqual([['Deposited', 2]]);
  });

  it('runs a command that looks up events the group has not stored yet after the group, where it finds them', async () => {
    const streamId = await newPurse(100);
    let found: number[] = [];
    // Spends as much again as the spends of 3 made so far: one before it in the group.
    const again = () =>
      store.execute(
        async (read): Promise<CommandPlan<string>> => {
          const { state, version } = await read.aggregate(streamId, purse);
          const threes = await read.readStreamWhere(streamId, { types: ['Spent'], field: 'n', equals: '3', toVersion: version });
          found = threes.map((e) => e.streamVersion);
          return {
            appends: [{ streamId, expectedVersion: version, events: purse.decide({ type: 'Spend', n: 3 * threes.length }, state) }],
            respond: () => 'again',
          };
        },
        { metadata: metadataFor(), reads: [streamId], serialiseOn: streamId, group: true },
      );
    const results = await Promise.all([on(streamId, { type: 'Spend', n: 1 }), on(streamId, { type: 'Spend', n: 3 }), again()]);
    expect(results.map((r) => r.response)).toEqual([{ left: 99 }, { left: 96 }, 'again']);
    expect(found).toEqual([3]);
    expect((await eventsOf(streamId)).map(([, n]) => n)).toEqual([100, 1, 3, 3]);
  });

  it('keeps append_to_streams, one command of append_commands, for a process of the version before', async () => {
    const streamId = `purse-${randomUUID()}`;
    const call = (key: string) =>
      db.dataSource.query(
        `SELECT stream_version FROM append_to_streams(ARRAY[$1], ARRAY['purse'], ARRAY[-1], ARRAY[2], ARRAY[1, 1], ARRAY[0, 1],
           ARRAY[$2::uuid, $3::uuid], ARRAY['Deposited', 'Deposited'], ARRAY[1, 1]::smallint[], ARRAY['{"n": 1}', '{"n": 2}']::jsonb[],
           $4::jsonb, 'old', $5, 'hash', '{"response": "done"}')`,
        [streamId, randomUUID(), randomUUID(), JSON.stringify(metadataFor()), key],
      );
    const key = randomUUID();
    expect(await call(key)).toEqual([{ stream_version: 1 }, { stream_version: 2 }]);
    await expect(call(key)).rejects.toMatchObject({ code: 'GPK01' });
    const { events } = await store.readStream(streamId);
    expect(events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    const [stored] = await db.dataSource.query(`SELECT response FROM idempotency_keys WHERE scope = 'old' AND key = $1`, [key]);
    expect(stored.response).toEqual({ response: 'done', position: events[1].globalPosition });
  });

  it('decides any group as the same commands one after another would (property)', async () => {
    const command = fc.record({
      type: fc.constantFrom<'Deposit' | 'Spend'>('Deposit', 'Spend', 'Spend'),
      n: fc.integer({ min: 1, max: 60 }),
      key: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 100 }), fc.array(command, { minLength: 1, maxLength: 16 }), async (opening, commands) => {
        const run = async (together: boolean) => {
          const streamId = await newPurse(opening);
          const scope = randomUUID();
          const one = ({ key, ...c }: (typeof commands)[number]) =>
            on(streamId, c, { idempotency: key === undefined ? undefined : keyOf(scope, key, c) });
          const settled: PromiseSettledResult<CommandResult<unknown>>[] = [];
          if (together) settled.push(...(await Promise.allSettled(commands.map(one))));
          else for (const c of commands) settled.push(...(await Promise.allSettled([one(c)])));
          return { outcomes: settled.map(outcome), events: await eventsOf(streamId) };
        };
        const alone = await run(false);
        const grouped = await run(true);
        expect(grouped).toEqual(alone);
      }),
      { numRuns: 40 },
    );
  });
});
