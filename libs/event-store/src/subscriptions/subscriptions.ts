import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProjectionNotReadyError } from './errors';
import { EventStore } from '../event-store';
import { checkpointOf, hasUnreadEvents, readAll, START } from '../read/read-all';
import { inTransaction, sqlOn, type Sql } from '../sql/sql';
import { CheckpointWatcher } from './checkpoint-watcher';
import { lockCheckpoint, readCheckpoint, saveCheckpoint } from './checkpoints';
import type { Projection } from './projection';

const DEFAULT_BATCH_SIZE = 500;

export interface CatchUpResult {
  /** Events read (handled or passed over) in this catch-up. */
  read: number;
  /**
   * Committed events remain after the checkpoint: hidden behind an older open transaction,
   * or committed after the last batch was read. Look again soon.
   */
  unread: boolean;
}

/**
 * The projections registered in this process, and how they move through the log.
 * Feature modules register theirs at start; the worker runs them, the api only needs
 * their names (to wake them) and `waitFor` (to let a client read its own write).
 */
@Injectable()
export class Subscriptions implements OnModuleDestroy {
  private readonly logger = new Logger(Subscriptions.name);
  private readonly projections = new Map<string, Projection>();
  private readonly sql: Sql;
  private readonly watcher: CheckpointWatcher;

  constructor(private readonly store: EventStore) {
    this.sql = sqlOn(store.dataSource);
    this.watcher = new CheckpointWatcher(this.sql, store.dataSource);
  }

  onModuleDestroy(): Promise<void> {
    return this.watcher.close();
  }

  register(projection: Projection): void {
    if (this.projections.has(projection.name)) throw new Error(`projection ${projection.name} registered twice`);
    this.projections.set(projection.name, projection);
  }

  names(): string[] {
    return [...this.projections.keys()];
  }

  get(name: string): Projection {
    const projection = this.projections.get(name);
    if (!projection) throw new Error(`unknown projection ${name}; known: ${this.names().join(', ') || 'none'}`);
    return projection;
  }

  /**
   * Applies one batch after the checkpoint, in one transaction with the checkpoint's move.
   * Concurrent workers on the same projection queue on its advisory lock, so each batch is
   * applied once. Returns how many events it read.
   */
  async processBatch(name: string, batchSize?: number): Promise<number> {
    const projection = this.get(name);
    const limit = batchSize ?? projection.batchSize ?? DEFAULT_BATCH_SIZE;
    const wanted = new Set(projection.eventTypes);
    return inTransaction(this.store.dataSource, async (sql) => {
      const checkpoint = await lockCheckpoint(sql, name);
      const events = await readAll(sql, this.store.schemas, checkpoint, limit);
      if (events.length === 0) return 0;
      const relevant = events.filter((event) => wanted.has(event.type));
      if (relevant.length > 0) await projection.apply(relevant, sql);
      await saveCheckpoint(sql, name, checkpointOf(events[events.length - 1]));
      return events.length;
    });
  }

  /** Applies batches until the projection has read everything readable now. */
  async catchUp(name: string, batchSize?: number): Promise<CatchUpResult> {
    const limit = batchSize ?? this.get(name).batchSize ?? DEFAULT_BATCH_SIZE;
    let read = 0;
    for (;;) {
      const count = await this.processBatch(name, limit);
      read += count;
      if (count < limit) break;
    }
    const checkpoint = await readCheckpoint(this.sql, name);
    return { read, unread: await hasUnreadEvents(this.sql, checkpoint) };
  }

  /**
   * Catches up until no committed event is left unread, waiting out older open transactions
   * (possibly another database's: the horizon is the whole server's). For rebuilds, checks and
   * tests, which want "everything committed by now"; the worker instead re-queues itself
   * rather than hold a slot. ProjectionNotReadyError if writers keep it behind past `timeoutMs`.
   */
  async catchUpCompletely(name: string, timeoutMs = 30_000, batchSize?: number): Promise<CatchUpResult> {
    const deadline = Date.now() + timeoutMs;
    let read = 0;
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      const result = await this.catchUp(name, batchSize);
      read += result.read;
      if (!result.unread) return { read, unread: false };
      if (Date.now() >= deadline) {
        const { rows } = await this.sql.query<{ last: string }>(`SELECT coalesce(max(global_position), 0)::text AS last FROM events`);
        throw new ProjectionNotReadyError(name, rows[0].last, timeoutMs);
      }
      await sleep(pause);
    }
  }

  /** Empties the read model and replays the whole log into it. */
  async rebuild(name: string, batchSize?: number): Promise<CatchUpResult> {
    const projection = this.get(name);
    await inTransaction(this.store.dataSource, async (sql) => {
      await lockCheckpoint(sql, name);
      await projection.reset(sql);
      await saveCheckpoint(sql, name, START);
    });
    this.logger.log(`rebuilding projection ${name} from position 0`);
    return this.catchUpCompletely(name, 10 * 60_000, batchSize);
  }

  /**
   * Resolves once `name` has applied the event at `position`; ProjectionNotReadyError after
   * `timeoutMs`. Woken by the process's one checkpoint listener, not by polling per reader.
   */
  waitFor(name: string, position: string, timeoutMs = 5000): Promise<void> {
    return this.watcher.waitFor(name, position, timeoutMs);
  }
}
