import type { DomainEvent, RecordedEvent } from '../events/event';
import type { EventSchemas } from '../events/event-schemas';
import type { Sql } from '../sql/sql';
import type { OutboxJob } from './outbox';
import type { StreamShare } from './stream-share';
import type { LogRange } from './log-range';

/**
 * A recorded event of each type of `E`, as a union discriminated on `type`: where
 * `RecordedEvent<A | B>` pairs any type with any data, this lets a `switch (event.type)`
 * narrow `event.data`.
 */
export type RecordedOf<E extends DomainEvent> = E extends DomainEvent ? RecordedEvent<E> : never;

/** A recorded event as a projection gets it: without its metadata (see Projection). */
export type ProjectedEvent = Omit<RecordedEvent, 'metadata'>;

/** `RecordedOf` for a projection: each type of `E`, without the metadata. */
export type ProjectedOf<E extends DomainEvent> = E extends DomainEvent ? Omit<RecordedEvent<E>, 'metadata'> : never;

/** The members of the union `E` whose type is one of `T`. */
export type EventOf<E extends DomainEvent, T extends E['type']> = Extract<E, { type: T }>;

/**
 * What every kind of consumer shares: a name (its checkpoint's key), the event types it reads
 * (only these are read from the log, filtered in SQL), and its batch size. The reading is
 * gap-safe and the checkpoint moves in the same transaction as the consumer's own writes,
 * for every kind alike (see Subscriptions).
 */
export interface ConsumerBase<E extends DomainEvent> {
  /** Stable name: the checkpoint's key and the rebuild command's argument. */
  readonly name: string;
  /** The event types it handles, typed against the union it reads. */
  readonly eventTypes: readonly E['type'][];
  /** Events per transaction at first; a consumer with a backlog takes bigger batches. Default 500. */
  readonly batchSize?: number;
}

/**
 * The consumer kind that writes read-model tables. `apply` and the checkpoint commit in one
 * transaction, so each event takes effect exactly once, whatever crashes or retries.
 */
export interface Projection<E extends DomainEvent = DomainEvent> extends ConsumerBase<E> {
  readonly kind?: 'projection';
  /**
   * Applies a batch in order, inside the consumer's transaction. Without the events' metadata:
   * a read model is the same whoever caused its events, and the batch's read leaves it out
   * (PostgreSQL's text of it and its parse were a fifth of reading an event).
   */
  apply(events: readonly ProjectedOf<E>[], sql: Sql): Promise<void>;
  /**
   * The read-model tables it owns, and only it writes: a rebuild builds copies of them beside
   * the live ones and swaps them in when caught up (see Subscriptions.rebuild).
   */
  readonly tables: readonly string[];
}

/**
 * A projection applied in SQL straight from the events table: it is handed the batch's range
 * of the log, never the decoded events, and reads its types' rows in that range itself (one
 * INSERT ... SELECT FROM events per table, whatever the range's size). For a projection whose
 * events are many and whose rule is a sum, decoding each event in Node costs more than applying
 * it; a rebuild then goes through the log in a few large ranges.
 *
 * It reads stored data as it is, without the upcasters: `schemaVersions` names the version of
 * each type its SQL reads, and the runner refuses to run it once a type has moved past it.
 */
export interface RangeProjection<E extends DomainEvent = DomainEvent> extends ConsumerBase<E> {
  readonly kind: 'range-projection';
  /**
   * Applies every event of its types in `range`, in log order, inside the consumer's transaction.
   * Given a `share` (only when it declares `splitsByStream`), only those of the share's streams,
   * and it changes only their rows.
   */
  applyRange(range: LogRange, sql: Sql, share?: StreamShare): Promise<void>;
  /**
   * Declared by a projection whose every row belongs to one stream and is written and checked
   * from that stream's events alone (an event of no such stream, a campaign's rehearsal deleted,
   * is applied in every share to the share's own rows). Its rebuild then applies each range in
   * shares of the streams, each on a connection of its own at once: several backends, several
   * cores. A projection whose rows sum over streams (a day's total) must not declare it.
   */
  readonly splitsByStream?: true;
  /** The schema version of each of its types that its SQL reads. */
  readonly schemaVersions: Readonly<Record<E['type'], number>>;
  /** As Projection.tables: rebuilt side by side and swapped in. */
  readonly tables: readonly string[];
}

/**
 * The consumer kind for side effects (draws, payouts, messages): turns events into jobs. The
 * jobs are written to the outbox in the checkpoint's transaction and enqueued from there
 * with the job id each names (derived from the event), so whatever dies when, each job is
 * enqueued, and never twice under the same id; the job's own handler is idempotent on it.
 * It gets its events whole, metadata and all; one whose jobs follow from the events' data
 * alone says so and is spared the metadata (ReactorWithoutMetadata).
 */
export interface Reactor<E extends DomainEvent = DomainEvent> extends ConsumerBase<E> {
  readonly kind: 'reactor';
  /** Absent (or true): the batch is read with each event's metadata. */
  readonly readsMetadata?: true;
  /**
   * The jobs a batch causes. Runs inside the checkpoint's transaction: it may read, and write its
   * own record of what it asked for (the planner's message rows), never another consumer's tables.
   */
  react(events: readonly RecordedOf<E>[], sql: Sql): Promise<readonly OutboxJob[]> | readonly OutboxJob[];
}

/**
 * A reactor that declares `readsMetadata: false`: its jobs follow from its events' data alone
 * (who caused an event, its correlation, change nothing it asks for), so its batch is read as a
 * projection's is, without the metadata but for the `traceparent` (the batch's span's link), and
 * `react` is typed without it. For a reactor that reads every event of a backlog (the planner's
 * million), the metadata's text and its parse were a tenth of its CPU.
 */
export interface ReactorWithoutMetadata<E extends DomainEvent = DomainEvent> extends ConsumerBase<E> {
  readonly kind: 'reactor';
  readonly readsMetadata: false;
  /**
   * As Reactor.react, on the events without their metadata. A property, not a method: a method's
   * parameter would be checked both ways, and a handler that reads the metadata would compile.
   */
  readonly react: (events: readonly ProjectedOf<E>[], sql: Sql) => Promise<readonly OutboxJob[]> | readonly OutboxJob[];
}

/** What a process manager decides with: the checkpoint's transaction, to append in. */
export interface ProcessContext {
  sql: Sql;
  schemas: EventSchemas;
}

/**
 * The consumer kind that decides and appends new events (pledges become donations). Its
 * appends go into the checkpoint's transaction: each event it handles has its effect once.
 * Its decisions must also be idempotent against its target streams (ids derived from the
 * cause), so that replaying it from position 0 appends nothing twice.
 */
export interface ProcessManager<E extends DomainEvent = DomainEvent> extends ConsumerBase<E> {
  readonly kind: 'process-manager';
  /**
   * Every stream a batch may append to (it may read to find them). Their locks are taken before the batch's first write
   * (lockStreams), so per stream transaction ids follow versions, as the readers' order needs;
   * an append to a stream not named here, after the batch has written, is refused.
   */
  streams(events: readonly RecordedOf<E>[], context: ProcessContext): Promise<readonly string[]> | readonly string[];
  handle(events: readonly RecordedOf<E>[], context: ProcessContext): Promise<void>;
}

/** One of the kinds; a context lists its consumers, the apps register them. */
export type Consumer = Projection | RangeProjection | Reactor | ReactorWithoutMetadata | ProcessManager;

/**
 * Declare a consumer of some of the events of the union `E`, inferring which from
 * `eventTypes`: a type not in `E` does not compile, and the handler gets exactly the events
 * named, typed, without a cast. Curried so `E` is given and the handled types are inferred:
 * `reactorOf<PayoutEvent>()({ name, eventTypes: ['PayoutScheduled'], react: (events) => ... })`.
 */
export const projectionOf =
  <E extends DomainEvent>() =>
  <const T extends E['type']>(
    projection: Omit<Projection<EventOf<E, T>>, 'kind' | 'eventTypes'> & { eventTypes: readonly T[] },
  ): Projection<EventOf<E, T>> => ({
    ...projection,
    kind: 'projection',
  });

export const reactorOf =
  <E extends DomainEvent>() =>
  <const T extends E['type']>(
    reactor: Omit<Reactor<EventOf<E, T>>, 'kind' | 'eventTypes'> & { eventTypes: readonly T[] },
  ): Reactor<EventOf<E, T>> => ({
    ...reactor,
    kind: 'reactor',
  });

export const processManagerOf =
  <E extends DomainEvent>() =>
  <const T extends E['type']>(
    manager: Omit<ProcessManager<EventOf<E, T>>, 'kind' | 'eventTypes'> & { eventTypes: readonly T[] },
  ): ProcessManager<EventOf<E, T>> => ({ ...manager, kind: 'process-manager' });

export const isReactor = (consumer: Consumer): consumer is Reactor | ReactorWithoutMetadata => consumer.kind === 'reactor';
export const isProcessManager = (consumer: Consumer): consumer is ProcessManager => consumer.kind === 'process-manager';
export const isProjection = (consumer: Consumer): consumer is Projection => consumer.kind === undefined || consumer.kind === 'projection';
export const isRangeProjection = (consumer: Consumer): consumer is RangeProjection => consumer.kind === 'range-projection';

/**
 * Whether a consumer's batch is read with its events' metadata: not for a projection (see
 * Projection.apply) nor for a reactor that declares it does without; a range projection reads
 * no events at all.
 */
export const readsMetadata = (consumer: Consumer): boolean =>
  isReactor(consumer) ? consumer.readsMetadata !== false : !isProjection(consumer) && !isRangeProjection(consumer);
