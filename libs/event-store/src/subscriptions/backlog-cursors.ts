import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '../events/event';
import type { EventSchemas } from '../events/event-schemas';
import { type LogCursor, openLogCursor } from '../read/log-cursor';
import { checkpointOf, type GlobalCheckpoint } from '../read/read-all';
import { pgPoolOf } from '../sql/pg-pool';

/**
 * How many consumers may read a backlog through a cursor at once: each holds a connection of the
 * pool for as long as its backlog lasts. The catch-up after an import has three such consumers.
 * At most a quarter of the pool's connections, so that the batches' own transactions always find
 * one (a pool of one held by a cursor would leave its batch waiting for ever): none below four.
 */
export const MAX_BACKLOG_CURSORS = 4;
const cursorsFor = (poolSize: number) => Math.min(MAX_BACKLOG_CURSORS, Math.floor(poolSize / 4));

/** A cursor no catch-up has taken for this long is closed: its consumer is run elsewhere, or no more. */
export const BACKLOG_CURSOR_IDLE_MS = 5000;

/** A batch of the backlog, and where the consumer's checkpoint goes once it is applied. */
export interface BacklogBatch {
  events: RecordedEvent[];
  upTo: GlobalCheckpoint;
  /** The cursor is read through: the consumer goes on with ordinary batches. */
  last: boolean;
}

/**
 * A consumer's backlog, or a rebuild's bulk, read through one cursor (openLogCursor): the next
 * batch is fetched while the one before it is applied, on a connection of its own, so the
 * consumer's reading and its writing overlap (two backends, and the worker's Node free to plan while PostgreSQL writes);
 * and the log's ordered indexes are descended once, not once per batch.
 *
 * `at` is where the consumer's checkpoint must stand for the next batch to be its next: a batch
 * is applied only after the checkpoint is found there, under the consumer's lock (another
 * process may have moved it meanwhile, and then the backlog is closed).
 */
export class Backlog {
  /** The batch read ahead, and the count it was asked for (fewer means read through). */
  private pending: { events: Promise<RecordedEvent[]>; count: number };
  private closing?: Promise<void>;

  constructor(
    private readonly cursor: LogCursor,
    public at: GlobalCheckpoint,
    count: number,
    /** Told once its cursor's connection is given back. */
    private readonly closed: () => void = () => undefined,
  ) {
    this.pending = this.fetch(count);
  }

  /**
   * The batch read ahead; the one after it, of up to `count` events, is fetched meanwhile (a
   * batch's size follows the time the ones before took, one batch late). Once taken, a batch is
   * not given again.
   */
  async next(count: number): Promise<BacklogBatch> {
    const events = await this.pending.events;
    const last = events.length < this.pending.count;
    this.pending = last ? { events: Promise.resolve([]), count } : this.fetch(count);
    // Read through: every event of the consumer's types below the cursor's horizon is in a batch.
    return { events, upTo: last ? this.cursor.end : checkpointOf(events[events.length - 1]), last };
  }

  /** Waits for the fetch in flight, then ends the cursor's transaction. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.pending.events.catch(() => undefined);
      await this.cursor.close();
      this.closed();
    })();
    return this.closing;
  }

  private fetch(count: number): { events: Promise<RecordedEvent[]>; count: number } {
    const events = this.cursor.next(count);
    events.catch(() => undefined); // told when the batch is taken
    return { events, count };
  }
}

/**
 * The backlogs open in this process, by consumer. A catch-up takes its consumer's (so no two use
 * one cursor at once) and keeps it again after a batch; one left untaken is closed after
 * BACKLOG_CURSOR_IDLE_MS, every one when the process stops.
 */
export class BacklogCursors {
  private readonly open = new Map<string, { backlog: Backlog; idle: NodeJS.Timeout }>();
  /** Backlogs not yet closed, kept or taken: each holds a connection. */
  private live = 0;
  /** The process is stopping: a backlog handed back is closed, not kept. */
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schemas: EventSchemas,
  ) {}

  /** The consumer's open backlog, now the caller's alone (to keep again or close). */
  take(name: string): Backlog | undefined {
    const entry = this.open.get(name);
    if (!entry) return undefined;
    clearTimeout(entry.idle);
    this.open.delete(name);
    return entry.backlog;
  }

  /** Whether a backlog is kept for the consumer (a catch-up beside this one kept it). */
  has(name: string): boolean {
    return this.open.has(name);
  }

  /** Opens a backlog after `at` of the consumer's types, its first batch `count` events, unless as many are open as allowed. */
  async start(
    at: GlobalCheckpoint,
    types: readonly string[],
    count: number,
    { metadata }: { metadata: boolean },
  ): Promise<Backlog | undefined> {
    if (this.stopped || this.live >= cursorsFor(pgPoolOf(this.dataSource).options.max)) return undefined;
    this.live += 1;
    try {
      const cursor = await openLogCursor(this.dataSource, this.schemas, at, types, count, { metadata });
      return new Backlog(cursor, at, count, () => (this.live -= 1));
    } catch (error) {
      this.live -= 1;
      throw error;
    }
  }

  /** Keeps the backlog for the consumer's next catch-up; one already kept for it (a catch-up beside this one) is closed. */
  keep(name: string, backlog: Backlog): void {
    void this.take(name)?.close();
    if (this.stopped) {
      void backlog.close(); // a catch-up that was running when the process began to stop
      return;
    }
    const idle = setTimeout(() => void this.take(name)?.close(), BACKLOG_CURSOR_IDLE_MS);
    idle.unref();
    this.open.set(name, { backlog, idle });
  }

  async closeAll(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.open.keys()].map((name) => this.take(name)?.close()));
  }
}
