import type { Decider, StateSnapshots } from '../decider/decider';
import type { AppendRequest } from '../append/append-to-stream';
import type { DomainEvent, EventMetadata, RecordedEvent } from '../events/event';
import type { IdempotencyKey } from '../idempotency/idempotency';
import type { StreamFilter, StreamRead } from '../read/read-stream';

/* What a command gives the store and gets back (EventStore.execute), apart from the store itself. */

export interface AppendResult {
  events: RecordedEvent[];
  /** Global position of the last event appended: what a client waits for to read its write. */
  lastPosition: string;
}

/** What a command decided: the appends to make, and the answer to give once they commit. */
export interface CommandPlan<R> {
  appends: AppendRequest[];
  /**
   * The answer. One that takes no argument is known before the append, so it is stored with
   * the key in the append's own statement (one round trip); one that reads the append's result
   * costs a transaction of several.
   */
  respond: (result: AppendResult) => R;
}

/** What folding a stream needs of a decider (its snapshots, when it keeps them). */
export type Folding<S, E extends DomainEvent> = Pick<Decider<S, unknown, E>, 'initialState' | 'evolve' | 'snapshots'>;

/** How a command reads the streams it decides on: the store, or what it read ahead. */
export interface StreamReader {
  readStream(streamId: string, fromVersion?: number): Promise<StreamRead>;
  aggregate<S, E extends DomainEvent>(streamId: string, decider: Folding<S, E>): Promise<{ state: S; version: number }>;
  /**
   * The events of a stream up to `toVersion` (the version the command decides on) of the given
   * types whose data's `field` is `equals`, in order: one earlier fact a decision needs, read
   * by its id instead of every such fact riding in the stream's state and snapshot.
   */
  readStreamWhere(streamId: string, where: StreamFilter): Promise<RecordedEvent[]>;
}

/** A stream a command reads ahead: its id, with the decider's snapshots when it keeps them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any decider's snapshots: each keeps its own state type
export type ReadAhead = string | { streamId: string; snapshots?: StateSnapshots<any> };

export interface ExecuteOptions {
  metadata: EventMetadata;
  idempotency?: IdempotencyKey;
  /** How many times to decide again after a concurrency conflict before answering 409. */
  maxAttempts?: number;
  /**
   * Streams the command reads first, whatever it decides: read in the same round trip as the
   * idempotency key's recall, and handed to `decide` in its reader.
   */
  reads?: readonly ReadAhead[];
  /**
   * Commands of this process with the same key (their stream) run one after another instead
   * of racing (see KeyedQueue); the expected version still guards against other processes.
   */
  serialiseOn?: string;
  /**
   * With serialiseOn: the commands waiting on the key decide one after another on one read and
   * commit in one statement (group commit, see command/command-group.ts), for a stream so busy
   * that a turn each is the bottleneck. For commands that append only to streams in `reads` and
   * answer without the append's result; any other runs alone.
   */
  group?: boolean;
}

export interface CommandResult<R> {
  response: R;
  /** The position of the command's last event ('0' when it appended nothing). */
  position: string;
  /** True when this is the stored answer to an earlier request with the same idempotency key. */
  replayed: boolean;
}
