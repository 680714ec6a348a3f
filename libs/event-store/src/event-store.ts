import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DomainEvent, EventMetadata, RecordedEvent } from './events/event';
import { EventSchemas } from './events/event-schemas';
import { type AppendRequest, appendToStream } from './append/append-to-stream';
import { WrongExpectedVersionError } from './append/errors';
import { type IdempotencyKey, recallResponse, rememberResponse } from './idempotency/idempotency';
import { type StreamRead, readStream } from './read/read-stream';
import { type GlobalCheckpoint, readAll } from './read/read-all';
import { type Decider, fold } from './decider/decider';
import { inTransaction, type Sql, sqlOn } from './sql/sql';

export interface AppendResult {
  events: RecordedEvent[];
  /** Global position of the last event appended: what a client waits for to read its write. */
  lastPosition: string;
}

/** What a command decided: the appends to make, and the answer to give once they commit. */
export interface CommandPlan<R> {
  appends: AppendRequest[];
  respond: (result: AppendResult) => R;
}

export interface ExecuteOptions {
  metadata: EventMetadata;
  idempotency?: IdempotencyKey;
  /** How many times to decide again after a concurrency conflict before answering 409. */
  maxAttempts?: number;
}

export interface CommandResult<R> {
  response: R;
  /** The position of the command's last event ('0' when it appended nothing). */
  position: string;
  /** True when this is the stored answer to an earlier request with the same idempotency key. */
  replayed: boolean;
}

/** Told after every committed append: the relay wakes the workers from here. */
export type AppendListener = (events: readonly RecordedEvent[]) => void;

@Injectable()
export class EventStore {
  private readonly logger = new Logger(EventStore.name);
  private readonly listeners: AppendListener[] = [];
  private readonly sql: Sql;

  constructor(
    readonly dataSource: DataSource,
    readonly schemas: EventSchemas,
  ) {
    this.sql = sqlOn(dataSource);
  }

  onAppended(listener: AppendListener): void {
    this.listeners.push(listener);
  }

  readStream(streamId: string, fromVersion = 1): Promise<StreamRead> {
    return readStream(this.sql, this.schemas, streamId, fromVersion);
  }

  readAll(after: GlobalCheckpoint, limit: number): Promise<RecordedEvent[]> {
    return readAll(this.sql, this.schemas, after, limit);
  }

  /** Folds a stream into a decider's state; `version` is what to expect when appending. */
  async aggregate<S, E extends DomainEvent>(
    streamId: string,
    decider: Pick<Decider<S, unknown, E>, 'initialState' | 'evolve'>,
  ): Promise<{ state: S; version: number }> {
    const { version, events } = await this.readStream(streamId);
    return { state: fold(decider, events as unknown as E[]), version };
  }

  /**
   * Appends to one or more streams atomically: either every stream is at its expected
   * version and all events are stored, or nothing is (WrongExpectedVersionError).
   */
  async append(appends: readonly AppendRequest[], metadata: EventMetadata): Promise<AppendResult> {
    const result =
      appends.length === 1
        ? this.resultOf(await appendToStream(this.sql, this.schemas, appends[0], metadata))
        : await inTransaction(this.dataSource, (sql) => this.appendAll(sql, appends, metadata));
    this.notify(result.events);
    return result;
  }

  /**
   * Runs a command: decide (reading whatever streams it needs), append, answer.
   * On a concurrency conflict it decides again, up to `maxAttempts`. With an idempotency
   * key, a repeated request gets the first answer and appends nothing; the key is stored
   * in the same transaction as the events, so a crash can never keep one without the other.
   */
  async execute<R>(
    decide: () => Promise<CommandPlan<R>>,
    { metadata, idempotency, maxAttempts = 1 }: ExecuteOptions,
  ): Promise<CommandResult<R>> {
    for (let attempt = 1; ; attempt += 1) {
      if (idempotency) {
        const earlier = await recallResponse<CommandResult<R>>(this.sql, idempotency);
        if (earlier) return { ...earlier, replayed: true };
      }
      let plan: CommandPlan<R>;
      try {
        plan = await decide();
      } catch (refusal) {
        // A twin request with the same key may have committed while this one decided, and the
        // refusal may be because of it (the balance it took, the month it filled): the key
        // promises the first answer, so that answer wins over a refusal.
        const earlier = idempotency ? await recallResponse<CommandResult<R>>(this.sql, idempotency) : undefined;
        if (earlier) return { ...earlier, replayed: true };
        throw refusal;
      }
      try {
        const outcome = await inTransaction(this.dataSource, async (sql) => {
          const appended = await this.appendAll(sql, plan.appends, metadata);
          const answer: CommandResult<R> = {
            response: plan.respond(appended),
            position: appended.lastPosition,
            replayed: false,
          };
          if (idempotency && !(await rememberResponse(sql, idempotency, answer))) {
            throw new KeyTakenMeanwhile();
          }
          return { appended, answer };
        });
        this.notify(outcome.appended.events);
        return outcome.answer;
      } catch (error) {
        // A twin request with the same key committed first: loop to answer with its response.
        if (error instanceof KeyTakenMeanwhile) continue;
        if (error instanceof WrongExpectedVersionError && attempt < maxAttempts) {
          // Losers of a race retry at random moments, so they do not collide again in step.
          await sleep(Math.random() * Math.min(2 ** attempt, 50));
          continue;
        }
        throw error;
      }
    }
  }

  private async appendAll(sql: Sql, appends: readonly AppendRequest[], metadata: EventMetadata): Promise<AppendResult> {
    const events: RecordedEvent[] = [];
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
