import type { DomainEvent, RecordedEvent } from '../events/event';
import type { Sql } from '../sql/sql';
import {
  isProcessManager,
  isProjection,
  isReactor,
  type Projection,
  processManagerOf,
  projectionOf,
  reactorOf,
  readsMetadata,
  type ReactorWithoutMetadata,
  type RecordedOf,
} from './consumer';

/**
 * Consumers are declared against their context's event union: `npm run typecheck` covers this
 * file, so each `@ts-expect-error` below is a compile error that must stay one (if the line
 * compiled, tsc would fail on the unused directive). The runtime checks show the handler gets
 * just the events it named, narrowed by type.
 */
type Deposited = DomainEvent<'Deposited', { account: string; amount: number }>;
type Withdrawn = DomainEvent<'Withdrawn', { account: string; amount: number; reason: string }>;
type Closed = DomainEvent<'Closed', { account: string }>;
type AccountEvent = Deposited | Withdrawn | Closed;

const recorded = <E extends AccountEvent>(type: E['type'], data: E['data'], position = 1): RecordedOf<E> =>
  ({
    id: `00000000-0000-0000-0000-00000000000${position}`,
    streamId: 'account-1',
    streamVersion: position,
    globalPosition: String(position),
    transactionId: '1',
    type,
    schemaVersion: 1,
    data,
    metadata: { correlationId: 'c', causationId: null, actor: { id: 'system', role: 'system' } },
    recordedAt: new Date(0),
  }) as RecordedEvent<E> as RecordedOf<E>;

const noSql = {} as Sql;

describe('consumers typed against the event union', () => {
  it('refuses an event type that is not in the union, for every kind', () => {
    projectionOf<AccountEvent>()({
      name: 'misspelt-projection',
      // @ts-expect-error 'Deposit' is not a type of AccountEvent
      eventTypes: ['Deposit'],
      apply: async () => undefined,
      tables: [],
    });
    reactorOf<AccountEvent>()({
      name: 'misspelt-reactor',
      // @ts-expect-error 'Withdrawal' is not a type of AccountEvent
      eventTypes: ['Deposited', 'Withdrawal'],
      react: () => [],
    });
    processManagerOf<AccountEvent>()({
      name: 'misspelt-process',
      streams: () => [],
      // @ts-expect-error 'Opened' is not a type of AccountEvent
      eventTypes: ['Opened'],
      handle: async () => undefined,
    });
    // A class declares the same way: its list is typed by the union it implements.
    class Misspelt implements Projection<Deposited> {
      readonly name = 'misspelt-class';
      // @ts-expect-error 'Depositd' is not Deposited
      readonly eventTypes: readonly Deposited['type'][] = ['Depositd'];
      async apply(): Promise<void> {}
      readonly tables = [];
    }
    expect(new Misspelt().name).toBe('misspelt-class');
  });

  it('hands each kind only the events it named, narrowed by their type without a cast', async () => {
    const seen: string[] = [];
    const ledger = projectionOf<AccountEvent>()({
      name: 'ledger',
      eventTypes: ['Deposited', 'Withdrawn'],
      apply: async (events) => {
        for (const event of events) {
          switch (event.type) {
            case 'Deposited':
              seen.push(`+${event.data.amount}`);
              break;
            case 'Withdrawn':
              seen.push(`-${event.data.amount} (${event.data.reason})`); // `reason` exists only on Withdrawn
              break;
            // @ts-expect-error Closed is not handled, so it cannot come up
            case 'Closed':
              break;
          }
        }
      },
      tables: [],
    });
    await ledger.apply(
      [
        recorded<Deposited>('Deposited', { account: 'a', amount: 5 }),
        recorded<Withdrawn>('Withdrawn', { account: 'a', amount: 2, reason: 'rent' }, 2),
      ],
      noSql,
    );
    expect(seen).toEqual(['+5', '-2 (rent)']);

    const closer = reactorOf<AccountEvent>()({
      name: 'closer',
      eventTypes: ['Closed'],
      react: (events) =>
        events.map((event) => ({ queue: 'q', name: 'close', jobId: `close:${event.data.account}`, data: {}, causedBy: event.id })),
    });
    expect(await closer.react([recorded<Closed>('Closed', { account: 'a' })], noSql)).toEqual([
      expect.objectContaining({ jobId: 'close:a' }),
    ]);

    expect([isProjection(ledger), isReactor(ledger), isProcessManager(ledger)]).toEqual([true, false, false]);
    expect([isProjection(closer), isReactor(closer), isProcessManager(closer)]).toEqual([false, true, false]);
  });

  it('lets a reactor do without the metadata, and then its handler cannot read it', async () => {
    const closer: ReactorWithoutMetadata<Closed> = {
      kind: 'reactor',
      readsMetadata: false,
      name: 'closer-without-metadata',
      eventTypes: ['Closed'],
      react: (events) =>
        events.map((event) => ({
          queue: 'q',
          name: 'close',
          jobId: `close:${event.data.account}`,
          // @ts-expect-error a reactor that reads without metadata gets its events without it
          data: { by: event.metadata.actor.id },
          causedBy: event.id,
        })),
    };
    // A class that says it does without the metadata and then asks for it does not compile either.
    class Careless implements ReactorWithoutMetadata<Closed> {
      readonly kind = 'reactor';
      readonly readsMetadata = false;
      readonly name = 'careless';
      readonly eventTypes = ['Closed' as const];
      // @ts-expect-error its events have no metadata to read
      react(events: readonly RecordedOf<Closed>[]) {
        return events.map((event) => ({ queue: 'q', name: 'close', jobId: event.metadata.correlationId, data: {}, causedBy: event.id }));
      }
    }
    expect(new Careless().name).toBe('careless');
    expect(isReactor(closer)).toBe(true);

    const whole = reactorOf<AccountEvent>()({ name: 'whole', eventTypes: ['Closed'], react: () => [] });
    const ledger = projectionOf<AccountEvent>()({ name: 'ledger', eventTypes: ['Deposited'], apply: async () => undefined, tables: [] });
    const manager = processManagerOf<AccountEvent>()({
      name: 'manager',
      eventTypes: ['Closed'],
      streams: () => [],
      handle: async () => undefined,
    });
    // Only these are read with their events' metadata: a reactor that did not say otherwise, and a process manager.
    expect([whole, closer, ledger, manager].map(readsMetadata)).toEqual([true, false, false, true]);
  });
});
