import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { DomainEvent, EventMetadata, RecordedEvent } from './events/event';
import { EventSchemas } from './events/event-schemas';
import { type AppendRequest, appendToStream, lockStreams } from './append/append-to-stream';
import { appendInOneStatement, KeyStoredMeanwhile } from './append/append-in-one-statement';
import { WrongExpectedVersionError } from './append/errors';
import { type IdempotencyKey, recallResponse, rememberResponse } from './idempotency/idempotency';
import { type StreamFilter, type StreamRead, readStream, readStreamWhere } from './read/read-stream';
import { type GlobalCheckpoint, readAll } from './read/read-all';
import { recallAndRead, saveSnapshot, type SnapshotRead, type StreamToRead } from './read/recall-and-read';
import type { StateSnapshots } from './decider/decider';
import { inTransaction, poolSql, type Sql } from './sql/sql';
import { pgPoolOf } from './sql/pg-pool';
import { KeyedQueue } from './command/keyed-queue';
import { CommandGroups } from './command/command-group';
import type { AppendResult, CommandPlan, CommandResult, ExecuteOptions, Folding, ReadAhead, StreamReader } from './command/command';

export type { AppendResult, CommandPlan, CommandResult, ExecuteOptions, Folding, ReadAhead, StreamReader } from './command/command';

/** Told after every committed append: the relay wakes the workers from here. */
export type AppendListener = (events: readonly RecordedEvent[]) => void;

@Injectable()
export class EventStore implements StreamReader {
  private readonly logger = new Logger(EventStore.name);
  private readonly listeners: AppendListener[] = [];
  private readonly sql: Sql;
  private readonly queue = new KeyedQueue();
  private readonly groups: CommandGroups;

  constructor(
    readonly dataSource: DataSource,
    readonly schemas: EventSchemas,
  ) {
    this.sql = poolSql(() => this.pool);
    this.groups = new CommandGroups(this.queue, {
      pool: () => this.pool,
      schemas,
      store: this,
      toRead: (ahead) => this.toRead(ahead),
      fold: (streamId, read, decider) => this.fold(streamId, read, decider, { snapshotAside: true }),
      alone: (decide, options) => this.attempts(decide, options),
      notify: (events) => this.notify(events),
    });
  }

  /** The DataSource's own pool (TypeORM keeps the configuration and the migrations). */
  private get pool(): Pool {
    return pgPoolOf(this.dataSource);
  }

  onAppended(listener: AppendListener): void {
    this.listeners.push(listener);
  }

  readStream(streamId: string, fromVersion = 1): Promise<StreamRead> {
    return readStream(this.sql, this.schemas, streamId, fromVersion);
  }

  readStreamWhere(streamId: string, where: StreamFilter): Promise<RecordedEvent[]> {
    return readStreamWhere(this.sql, this.schemas, streamId, where);
  }

  readAll(after: GlobalCheckpoint, limit: number): Promise<RecordedEvent[]> {
    return readAll(this.sql, this.schemas, after, limit);
  }

  /**
   * Folds a stream into a decider's state; `version` is what to expect when appending. A
   * decider with snapshots folds on from the stream's snapshot, in the same round trip.
   */
  async aggregate<S, E extends DomainEvent>(streamId: string, decider: Folding<S, E>): Promise<{ state: S; version: number }> {
    if (!decider.snapshots) return this.fold(streamId, await this.readStream(streamId), decider);
    const { streams } = await recallAndRead(this.pool, this.schemas, undefined, [this.toRead({ streamId, snapshots: decider.snapshots })]);
    return this.fold(streamId, streams.get(streamId)!, decider);
  }

  /**
   * The state after `read` (from its snapshot, if it has one). When the events folded after
   * the snapshot reach the decider's `every`, the state becomes the stream's new snapshot: it
   * folds committed events only, so it is true whatever this command decides.
   */
  private async fold<S, E extends DomainEvent>(
    streamId: string,
    read: SnapshotRead,
    decider: Folding<S, E>,
    { snapshotAside = false } = {},
  ): Promise<{ state: S; version: number }> {
    const snapshots = decider.snapshots;
    // Read ahead from a snapshot another decider (or none) folds: this one folds the whole stream.
    if (read.snapshot && (!snapshots || read.snapshot.schema !== this.snapshotSchema(snapshots))) {
      return this.fold(streamId, await this.readStream(streamId), decider);
    }
    const from = read.snapshot && snapshots ? snapshots.decode(read.snapshot.state) : decider.initialState();
    const state = (read.events as unknown as E[]).reduce(decider.evolve, from);
    if (snapshots && read.events.length >= snapshots.every) {
      const saved = saveSnapshot(this.pool, streamId, this.snapshotSchema(snapshots), read.version, snapshots.encode(state)).catch(
        (error: Error) =>
          // A cache: the next command folds a little more and tries again.
          this.logger.warn(`snapshot of ${streamId} not kept: ${error.message}`),
      );
      // A group does not wait for it: on a hot stream each group's events reach `every`.
      if (!snapshotAside) await saved;
    }
    return { state, version: read.version };
  }

  /** The decider's encoding and the event schemas the state was folded under. */
  private snapshotSchema(snapshots: Pick<StateSnapshots<unknown>, 'schema'>): string {
    return `${snapshots.schema};${this.schemas.fingerprint()}`;
  }

  private toRead(ahead: ReadAhead): StreamToRead {
    if (typeof ahead === 'string') return { streamId: ahead };
    return { streamId: ahead.streamId, snapshotSchema: ahead.snapshots && this.snapshotSchema(ahead.snapshots) };
  }

  /**
   * Appends to one or more streams atomically: either every stream is at its expected
   * version and all events are stored, or nothing is (WrongExpectedVersionError).
   */
  async append(appends: readonly AppendRequest[], metadata: EventMetadata): Promise<AppendResult> {
    const result = this.resultOf(await appendInOneStatement(this.pool, this.schemas, appends, metadata));
    this.notify(result.events);
    return result;
  }

  /**
   * Runs a command: decide (reading whatever streams it needs), append, answer.
   * On a concurrency conflict it decides again, up to `maxAttempts`. With an idempotency
   * key, a repeated request gets the first answer and appends nothing; the key is stored
   * in the same transaction as the events, so a crash can never keep one without the other.
   */
  async execute<R>(decide: (read: StreamReader) => Promise<CommandPlan<R>>, options: ExecuteOptions): Promise<CommandResult<R>> {
    const attempts = () => this.attempts(decide, options);
    if (options.serialiseOn === undefined) return attempts();
    if (options.group) return this.groups.run(options.serialiseOn, decide, options);
    return this.groups.runAlone(options.serialiseOn, attempts);
  }

  private async attempts<R>(
    decide: (read: StreamReader) => Promise<CommandPlan<R>>,
    { metadata, idempotency, maxAttempts = 1, reads = [] }: ExecuteOptions,
  ): Promise<CommandResult<R>> {
    for (let attempt = 1; ; attempt += 1) {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the store reads itself unless the first round trip already read the streams
      let reader: StreamReader = this;
      if (idempotency || reads.length > 0) {
        const { earlier, streams } = await recallAndRead<CommandResult<R>>(
          this.pool,
          this.schemas,
          idempotency,
          reads.map((r) => this.toRead(r)),
        );
        if (earlier) return { ...earlier, replayed: true };
        reader = this.readerWith(streams);
      }
      let plan: CommandPlan<R>;
      try {
        plan = await decide(reader);
      } catch (refusal) {
        // A twin request with the same key may have committed while this one decided, and the
        // refusal may be because of it (the balance it took, the month it filled): the key
        // promises the first answer, so that answer wins over a refusal.
        const earlier = idempotency ? await recallResponse<CommandResult<R>>(this.sql, idempotency) : undefined;
        if (earlier) return { ...earlier, replayed: true };
        throw refusal;
      }
      try {
        return await this.commit(plan, metadata, idempotency);
      } catch (error) {
        // A twin request with the same key committed first: loop to answer with its response.
        if (error instanceof KeyStoredMeanwhile || error instanceof KeyTakenMeanwhile) continue;
        if (error instanceof WrongExpectedVersionError && attempt < maxAttempts) {
          // Losers of a race retry at random moments, so they do not collide again in step.
          await sleep(Math.random() * Math.min(2 ** attempt, 50));
          continue;
        }
        throw error;
      }
    }
  }

  /** The appends, the key and the answer, committed together; then the listeners are told. */
  private async commit<R>(plan: CommandPlan<R>, metadata: EventMetadata, idempotency?: IdempotencyKey): Promise<CommandResult<R>> {
    if (plan.respond.length === 0) {
      const answer: CommandResult<R> = { response: (plan.respond as () => R)(), position: '0', replayed: false };
      const events = await appendInOneStatement(this.pool, this.schemas, plan.appends, metadata, idempotency && { idempotency, answer });
      answer.position = this.resultOf(events).lastPosition;
      this.notify(events);
      return answer;
    }
    const outcome = await inTransaction(this.dataSource, async (sql) => {
      const appended = await this.appendAll(sql, plan.appends, metadata);
      const answer: CommandResult<R> = { response: plan.respond(appended), position: appended.lastPosition, replayed: false };
      if (idempotency && !(await rememberResponse(sql, idempotency, answer))) throw new KeyTakenMeanwhile();
      return { appended, answer };
    });
    this.notify(outcome.appended.events);
    return outcome.answer;
  }

  /** A reader that answers the streams read ahead from that read, and any other from the store. */
  private readerWith(streams: ReadonlyMap<string, SnapshotRead>): StreamReader {
    return {
      readStream: (streamId, fromVersion = 1) => {
        const read = streams.get(streamId);
        // Read from a snapshot, it lacks the events before it: those who want events get them all.
        if (!read || read.snapshot || fromVersion !== 1) return this.readStream(streamId, fromVersion);
        return Promise.resolve({ version: read.version, events: [...read.events] });
      },
      aggregate: async (streamId, decider) => {
        const read = streams.get(streamId);
        return read ? this.fold(streamId, read, decider) : this.aggregate(streamId, decider);
      },
      // Bounded by the version decided on: what the store holds up to there is what was read.
      readStreamWhere: (streamId, where) => this.readStreamWhere(streamId, where),
    };
  }

  private async appendAll(sql: Sql, appends: readonly AppendRequest[], metadata: EventMetadata): Promise<AppendResult> {
    const events: RecordedEvent[] = [];
    await lockStreams(
      sql,
      appends.map((request) => request.streamId),
    );
    for (const request of appends) events.push(...(await appendToStream(sql, this.schemas, request, metadata)));
    return this.resultOf(events);
  }

  private resultOf(events: RecordedEvent[]): AppendResult {
    const lastPosition = events.reduce((max, e) => (BigInt(e.globalPosition) > BigInt(max) ? e.globalPosition : max), '0');
    return { events, lastPosition };
  }

  private notify(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        // The events are committed; a failed wake-up is repaired by the workers' sweep.
        this.logger.warn(`append listener failed: ${(error as Error).message}`);
      }
    }
  }
}

class KeyTakenMeanwhile extends Error {}
