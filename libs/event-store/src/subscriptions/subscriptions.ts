import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProjectionNotReadyError } from './errors';
import { EventStore } from '../event-store';
import { samePlace, START } from '../read/read-all';
import { openLogCursor } from '../read/log-cursor';
import { inTransaction, readSqlOn, sqlOn, type Sql } from '../sql/sql';
import { readsFromReplica } from '../sql/pg-pool';
import type { RecordedEvent } from '../events/event';
import { CheckpointWatcher } from './checkpoint-watcher';
import { Backlog, BacklogCursors } from './backlog-cursors';
import { lockCheckpoint, readCheckpoint, saveCheckpoint } from './checkpoints';
import { nextBatch } from './next-batch';
import { type LogRange, planShortRangesOnce, SHORT_RANGE_EVENTS } from '../consumers/log-range';
import { type IdlePass, passIdleConsumers } from './idle-pass';
import {
  addShadowForeignKeys,
  addShadowKeysAndIndexes,
  analyzeShadowTables,
  createShadowTables,
  shadowSchemaOf,
  swapInShadowTables,
} from './shadow-tables';
import {
  type Consumer,
  type Projection,
  type RangeProjection,
  isProcessManager,
  isProjection,
  readsMetadata,
  isRangeProjection,
  isReactor,
} from '../consumers/consumer';
import { recordInOutbox } from '../consumers/outbox';
import { streamShares } from '../consumers/stream-share';
import { lockStreams } from '../append/append-to-stream';
import { inSpan, linkRangeToCauses, linksToCauses } from '../events/trace-context';

const DEFAULT_BATCH_SIZE = 500;
/** The largest batch a consumer with a backlog grows to: one transaction stays short enough. */
const MAX_BATCH_SIZE = 5000;
/** A rebuild's bulk batch: its own transaction into the copies, which nothing else waits on. */
export const REBUILD_BATCH_SIZE = 5000;
/**
 * A range projection's rebuild batch: events it applies in SQL in one transaction (a few
 * statements over the log, nothing decoded in Node). Larger ranges cost less per event; the
 * bound is the transaction's length, which holds back every consumer's horizon meanwhile
 * (about a second here, see docs/performance.md).
 */
export const REBUILD_RANGE_SIZE = 100_000;
/**
 * The shares a range is applied in at once, each by a backend of its own, for a range projection
 * that splits by stream: one range statement keeps one core busy (docs/performance.md), and this
 * is the number of cores a rebuild may take from the live work beside it.
 */
export const REBUILD_SHARES = 2;

export interface CatchUpOptions {
  /** First batch size; a full batch doubles the next one, up to MAX_BATCH_SIZE. */
  batchSize?: number;
  /** Stop after the batch that ends past this time (epoch ms): the caller hands over. */
  until?: number;
  /** Stop after the current batch once this says so (the worker is shutting down). */
  stopping?: () => boolean;
}

/** What one batch of a consumer came to: told to the batch listeners (the worker's metrics). */
export interface BatchReport {
  consumer: string;
  /** Events handled (0 when the batch only moved the checkpoint past other types). */
  events: number;
  seconds: number;
  /** The error the batch failed with; its transaction rolled back and the checkpoint stayed. */
  error?: unknown;
  /** Its events were read ahead through the consumer's backlog cursor (Backlog). */
  readAhead?: true;
}

/** What one batch did: how many events it read, and whether some of its types were hidden from it. */
export interface Batch {
  count: number;
  hidden: boolean;
}

export interface CatchUpResult {
  /** Events read (handled or passed over) in this catch-up. */
  read: number;
  /**
   * Committed events of its types remain after the checkpoint, hidden from the last batch
   * behind an older open transaction. Look again soon. (Events committed after the last batch
   * was read are not counted: each commit wakes its consumers itself.)
   */
  unread: boolean;
  /** Stopped at its deadline (or a shutdown) with batches left: another run must go on. */
  handedOver?: boolean;
}

/**
 * The consumers registered in this process (projections, reactors, process managers), and how
 * they move through the log. Contexts list theirs and their modules register them at start;
 * the worker runs them, the api only needs their names (to wake them) and `waitFor` (to let a
 * client read its own write). Every kind shares the same reading (gap-safe, only its types)
 * and the same checkpoint-in-the-same-transaction; only what it does with a batch differs.
 */
@Injectable()
export class Subscriptions implements OnModuleDestroy {
  private readonly logger = new Logger(Subscriptions.name);
  private readonly projections = new Map<string, Consumer>();
  private readonly outboxListeners: (() => void)[] = [];
  private readonly batchListeners: ((report: BatchReport) => void)[] = [];
  /** The batch size a consumer that handed over with a backlog left had grown to (catchUp). */
  private readonly backlogBatchSizes = new Map<string, number>();
  private readonly sql: Sql;
  private readonly watcher: CheckpointWatcher;
  /** Backlogs read ahead through a cursor, by consumer (catchUp). */
  private readonly backlogs: BacklogCursors;

  constructor(private readonly store: EventStore) {
    this.sql = sqlOn(store.dataSource);
    this.backlogs = new BacklogCursors(store.dataSource, store.schemas);
    // `?after=` waits for the checkpoint where the queries read it: on the replica when they read one.
    this.watcher = new CheckpointWatcher(readSqlOn(store.dataSource), store.dataSource, readsFromReplica(store.dataSource));
  }

  async onModuleDestroy(): Promise<void> {
    await this.backlogs.closeAll();
    await this.watcher.close();
  }

  register(consumer: Consumer): void {
    if (this.projections.has(consumer.name)) throw new Error(`consumer ${consumer.name} registered twice`);
    this.projections.set(consumer.name, consumer);
  }

  /** Told after a reactor's batch committed outbox rows: the dispatcher sends them at once. */
  onOutboxWritten(listener: () => void): void {
    this.outboxListeners.push(listener);
  }

  /** Told after each batch, done or failed (metrics). */
  onBatch(listener: (report: BatchReport) => void): void {
    this.batchListeners.push(listener);
  }

  names(): string[] {
    return [...this.projections.keys()];
  }

  get(name: string): Consumer {
    const consumer = this.projections.get(name);
    if (!consumer) throw new Error(`unknown consumer ${name}; known: ${this.names().join(', ') || 'none'}`);
    return consumer;
  }

  /**
   * Passes every named consumer that has none of its events to handle (one transaction for all,
   * see idle-pass.ts) and returns the names of those that still need a catch-up.
   */
  passIdle(names: readonly string[]): Promise<IdlePass> {
    const consumers = names.map((name) => this.get(name));
    return inTransaction(this.store.dataSource, (sql) => passIdleConsumers(sql, consumers));
  }

  /** The projection of that name; an error for a reactor or process manager, which have no tables to rebuild. */
  projection(name: string): Projection | RangeProjection {
    const consumer = this.get(name);
    if (!isProjection(consumer) && !isRangeProjection(consumer)) throw new Error(`${name} is a ${consumer.kind}, not a projection`);
    return consumer;
  }

  /**
   * Handles one batch after the checkpoint, in one transaction with the checkpoint's move.
   * Reads only the consumer's types; when it finds fewer than a batch, the checkpoint passes
   * every other event below the horizon too. Concurrent workers on the same consumer queue on
   * its advisory lock, so each batch is handled once. Returns how many events it handled.
   */
  async processBatch(name: string, batchSize?: number): Promise<number> {
    return (await this.batch(name, batchSize)).count;
  }

  /** processBatch, and whether events of the consumer's types were hidden from it (Batch.hidden). */
  private async batch(name: string, batchSize?: number): Promise<Batch> {
    const consumer = this.get(name);
    const limit = batchSize ?? firstBatchSize(consumer);
    const started = performance.now();
    let batch: Batch & { wroteOutbox: boolean };
    try {
      batch = await inTransaction(this.store.dataSource, (sql) => this.batchIn(sql, name, limit));
    } catch (error) {
      this.report({ consumer: name, events: 0, seconds: (performance.now() - started) / 1000, error });
      throw error;
    }
    this.report({ consumer: name, events: batch.count, seconds: (performance.now() - started) / 1000 });
    if (batch.wroteOutbox) for (const listener of this.outboxListeners) listener();
    return { count: batch.count, hidden: batch.hidden };
  }

  /**
   * One batch of consumer `name` after the checkpoint `checkpointName` (its own, or a rebuild's),
   * in the caller's transaction. Public for tools that measure a batch's statements
   * (bench/consumer-costs.ts); everything else runs batches through catchUp.
   */
  async batchIn(sql: Sql, name: string, limit: number, checkpointName = name): Promise<Batch & { wroteOutbox: boolean }> {
    const consumer = this.get(name);
    if (isRangeProjection(consumer)) return { ...(await this.rangeIn(sql, consumer, checkpointName, limit)), wroteOutbox: false };
    // A process manager locks the streams it appends to before its transaction's first write: it moves its checkpoint last.
    const move = !isProcessManager(consumer);
    const { events, after, passed, hidden } = await nextBatch(sql, this.store.schemas, checkpointName, limit, consumer.eventTypes, {
      rows: true,
      move,
      // A projection, and a reactor that declares it, is given its events without their metadata (see Projection.apply).
      metadata: readsMetadata(consumer),
    });
    let wroteOutbox = false;
    if (events.length > 0) {
      // Traced when tracing is on: a span per batch, linked to the requests that caused its events.
      wroteOutbox = await inSpan(`consume ${consumer.name}`, linksToCauses(events), () => this.handle(consumer, events, sql));
    }
    if (!move && !samePlace(passed, after)) {
      await saveCheckpoint(sql, checkpointName, passed);
    }
    return { count: events.length, hidden, wroteOutbox };
  }

  /**
   * One batch of a range projection: where the next `limit` events of its types end (the order
   * index only), then the projection applies that range of the log in SQL; a live batch's short
   * range with statements planned once per connection (see planShortRangesOnce).
   */
  private async rangeIn(sql: Sql, projection: RangeProjection, checkpointName: string, limit: number): Promise<Batch> {
    this.refuseNewerSchemas(projection);
    const { after, passed, count, hidden } = await nextBatch(sql, this.store.schemas, checkpointName, limit, projection.eventTypes, {
      rows: false,
    });
    if (count > 0) {
      const short = count <= SHORT_RANGE_EVENTS;
      if (short) await planShortRangesOnce(sql);
      const range: LogRange = short ? { after, upTo: passed, planOnce: true } : { after, upTo: passed };
      await inSpan(`consume ${projection.name}`, [], async () => {
        await linkRangeToCauses(sql, range, projection.eventTypes);
        await projection.applyRange(range, sql);
      });
    }
    return { count, hidden };
  }

  /**
   * A range projection reads stored data without the upcasters: once one of its types has a
   * newer version than its SQL reads, it must not run (its SQL is to learn the new shape, and
   * every older one still stored, first). The SQL also refuses a row of another version.
   */
  private refuseNewerSchemas(projection: RangeProjection): void {
    for (const type of projection.eventTypes) {
      const current = this.store.schemas.currentVersion(type);
      const read = (projection.schemaVersions as Record<string, number>)[type];
      if (current !== read) {
        throw new Error(
          `projection ${projection.name} reads ${type} at schema version ${read} in SQL, but it is now at version ${current}`,
        );
      }
    }
  }

  private report(report: BatchReport): void {
    for (const listener of this.batchListeners) listener(report);
  }

  /** What each kind does with its batch, inside the checkpoint's transaction. True when it wrote outbox rows. */
  private async handle(consumer: Consumer, events: readonly RecordedEvent[], sql: Sql): Promise<boolean> {
    if (isReactor(consumer)) {
      const jobs = await consumer.react(events, sql);
      await recordInOutbox(sql, consumer.name, jobs);
      return jobs.length > 0;
    }
    if (isProcessManager(consumer)) {
      const context = { sql, schemas: this.store.schemas };
      await lockStreams(sql, await consumer.streams(events, context));
      await consumer.handle(events, context);
      return false;
    }
    if (isProjection(consumer)) await consumer.apply(events, sql);
    return false;
  }

  /**
   * Handles batches until the consumer has read everything readable now, or its time is up.
   * Batches grow while they come back full, so a backlog is read in few, large transactions.
   */
  async catchUp(name: string, options: CatchUpOptions | number = {}): Promise<CatchUpResult> {
    const { batchSize, until, stopping } = typeof options === 'number' ? { batchSize: options } : options;
    const consumer = this.get(name);
    // A batch size given by the caller is kept; the consumer's own is where sizing starts.
    const first = batchSize ?? firstBatchSize(consumer);
    const sized = batchSize === undefined;
    // A batch may take at most half the time the caller gave: a bounded run stays bounded.
    const budget = until === undefined ? Infinity : Math.max(until - Date.now(), 1) / 2;
    // A backlog's next turn goes on at the size its batches had grown to, not from the first again.
    let limit = (sized && this.backlogBatchSizes.get(name)) || first;
    let read = 0;
    for (;;) {
      const started = Date.now();
      const fromBacklog = await this.backlogBatch(name, limit);
      if (fromBacklog !== undefined) {
        read += fromBacklog;
      } else {
        const { count, hidden } = await this.batch(name, limit);
        read += count;
        // The last batch's own statement said whether any of its events were hidden behind an
        // older open transaction; one committed after it wakes the consumer itself.
        if (count < limit) {
          this.backlogBatchSizes.delete(name);
          return { read, unread: hidden };
        }
      }
      if (sized) limit = nextBatchSize(limit, Date.now() - started, budget, first);
      // A backlog: a consumer that decodes its events reads the rest through a cursor (Backlog).
      if (fromBacklog === undefined && !isRangeProjection(consumer)) await this.startBacklog(consumer, limit);
      if ((until !== undefined && Date.now() >= until) || stopping?.()) {
        if (sized) this.backlogBatchSizes.set(name, limit);
        return { read, unread: true, handedOver: true };
      }
    }
  }

  /**
   * Opens the consumer's backlog after its checkpoint (see Backlog), unless one is kept for it
   * already or as many as allowed are open; the next batches come from it.
   */
  private async startBacklog(consumer: Consumer, count: number): Promise<void> {
    if (this.backlogs.has(consumer.name)) return;
    const at = await readCheckpoint(this.sql, consumer.name);
    const backlog = await this.backlogs.start(at, consumer.eventTypes, count, { metadata: readsMetadata(consumer) });
    if (backlog) this.backlogs.keep(consumer.name, backlog);
  }

  /**
   * The consumer's next batch from its open backlog (the one after it, of `count` events, read
   * meanwhile), in one transaction with the checkpoint's move, as batchIn does with a batch it
   * reads itself. Returns how many events it handled; undefined when it has no backlog open, or
   * when its checkpoint no longer stands where the backlog is (moved by another process): that
   * backlog is closed, and an ordinary batch follows.
   */
  private async backlogBatch(name: string, count: number): Promise<number | undefined> {
    const backlog = this.backlogs.take(name);
    if (!backlog) return undefined;
    let kept = false;
    const started = performance.now();
    try {
      const consumer = this.get(name);
      const { events, upTo, last } = await backlog.next(count);
      const applied = await inTransaction(this.store.dataSource, async (sql) => {
        const at = await lockCheckpoint(sql, name);
        if (!samePlace(at, backlog.at)) return undefined;
        const wroteOutbox =
          events.length > 0 && (await inSpan(`consume ${name}`, linksToCauses(events), () => this.handle(consumer, events, sql)));
        await saveCheckpoint(sql, name, upTo);
        return { wroteOutbox };
      });
      if (!applied) return undefined;
      this.report({ consumer: name, events: events.length, seconds: (performance.now() - started) / 1000, readAhead: true });
      if (applied.wroteOutbox) for (const listener of this.outboxListeners) listener();
      backlog.at = upTo;
      if (!last) {
        this.backlogs.keep(name, backlog);
        kept = true;
      }
      return events.length;
    } catch (error) {
      this.report({ consumer: name, events: 0, seconds: (performance.now() - started) / 1000, error, readAhead: true });
      throw error;
    } finally {
      if (!kept) await backlog.close();
    }
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
      const result = await this.catchUp(name, { batchSize });
      read += result.read;
      if (!result.unread) return { read, unread: false };
      if (Date.now() >= deadline) {
        const { rows } = await this.sql.query<{ last: string }>(`SELECT coalesce(max(global_position), 0)::text AS last FROM events`);
        throw new ProjectionNotReadyError(name, rows[0].last, timeoutMs);
      }
      await sleep(pause);
    }
  }

  /**
   * Replays the whole log into the consumer. A projection is rebuilt side by side: into copies
   * of its tables (`tables`) in a schema of its own, while the live projection goes on serving
   * and applying new events. The bulk reads the log through one cursor up to a horizon fixed at
   * its start, and applies it in batches into the copies, a transaction each that moves the
   * rebuild's own checkpoint; what came in meanwhile follows in ordinary batches; then one short
   * transaction holds the live projection, applies the last events, swaps the copies in and
   * moves its checkpoint. A reactor or process manager has no tables: it replays in place, and
   * asks for nothing twice (outbox job ids, idempotent appends).
   */
  async rebuild(name: string, batchSize?: number): Promise<CatchUpResult> {
    const consumer = this.get(name);
    this.logger.log(`replaying ${consumer.kind ?? 'projection'} ${name} from position 0`);
    if (!isProjection(consumer) && !isRangeProjection(consumer)) {
      await inTransaction(this.store.dataSource, async (sql) => {
        await lockCheckpoint(sql, name);
        await saveCheckpoint(sql, name, START);
      });
      return this.catchUpCompletely(name, 10 * 60_000, batchSize);
    }
    const schema = shadowSchemaOf(name);
    const shadowCheckpoint = `${name}@rebuild`;
    const limit = batchSize ?? MAX_BATCH_SIZE;
    /** One batch into the copies: under this path the projection's table names are the copies'. */
    const batchIntoCopies = async (sql: Sql) => {
      await sql.query(`SET LOCAL search_path TO ${schema}, public`);
      return (await this.batchIn(sql, name, limit, shadowCheckpoint)).count;
    };
    // A range projection's bulk writes bare copies: its few, large ranges join the copies
    // whole (hash joins), so the keys and indexes are built once after it, a sort each, rather
    // than kept up row by row (most of what writing a row cost).
    const bare = isRangeProjection(consumer);
    await inTransaction(this.store.dataSource, async (sql) => {
      await createShadowTables(sql, schema, consumer.tables, { bare });
      await saveCheckpoint(sql, shadowCheckpoint, START);
    });
    let read = isRangeProjection(consumer)
      ? await this.bulkRangesIntoCopies(consumer, schema, shadowCheckpoint, batchSize ?? REBUILD_RANGE_SIZE)
      : await this.bulkIntoCopies(consumer, schema, shadowCheckpoint, batchSize ?? REBUILD_BATCH_SIZE);
    if (bare) {
      // Each table's keys and indexes on a connection of its own, all at once: the largest
      // table's (the redemptions') no longer waits for the others'.
      await settledAll(
        consumer.tables.map((table) =>
          inTransaction(this.store.dataSource, async (sql) => {
            // Each key and index is one sort of a whole table: in memory rather than in temporary files.
            await sql.query(`SET LOCAL maintenance_work_mem TO '256MB'`);
            await addShadowKeysAndIndexes(sql, schema, [table]);
          }),
        ),
      );
    }
    await inTransaction(this.store.dataSource, (sql) => addShadowForeignKeys(sql, schema, consumer.tables));
    // Each table's statistics on a connection of its own too.
    await settledAll(consumer.tables.map((table) => analyzeShadowTables(this.sql, schema, [table])));
    // What was appended during the bulk, still beside the live projection.
    for (;;) {
      const count = await inTransaction(this.store.dataSource, batchIntoCopies);
      read += count;
      if (count < limit) break;
    }
    // The switch: the live projection waits on its lock while the last events go in and the tables swap.
    await inTransaction(this.store.dataSource, async (sql) => {
      await lockCheckpoint(sql, name);
      for (;;) {
        const count = await batchIntoCopies(sql);
        read += count;
        if (count < limit) break;
      }
      await sql.query(`SET LOCAL search_path TO public`);
      const caughtUp = await readCheckpoint(sql, shadowCheckpoint);
      await swapInShadowTables(sql, schema, consumer.tables);
      await saveCheckpoint(sql, name, caughtUp);
      await sql.query(`DELETE FROM subscription_checkpoints WHERE name = $1`, [shadowCheckpoint]);
    });
    const rest = await this.catchUpCompletely(name, 10 * 60_000, batchSize);
    return { read: read + rest.read, unread: rest.unread };
  }

  /**
   * The bulk of a rebuild: everything after the rebuild's checkpoint up to the horizon of now,
   * read through one cursor (its own connection) while the previous batch is applied into the
   * copies (another), each batch a transaction with the checkpoint's move. The copies are
   * analysed as they grow: fresh tables have no statistics, and the plans of a projection's
   * lookups must know how large the tables have become. Returns how many events it applied.
   */
  private async bulkIntoCopies(projection: Projection, schema: string, checkpointName: string, batchSize: number): Promise<number> {
    const from = await readCheckpoint(this.sql, checkpointName);
    // A projection reads no metadata (Projection.apply).
    const cursor = await openLogCursor(this.store.dataSource, this.store.schemas, from, projection.eventTypes, batchSize, {
      metadata: false,
    });
    // The next batch is read while this one is applied; if the apply fails, close() awaits it.
    const backlog = new Backlog(cursor, from, batchSize);
    let read = 0;
    try {
      for (let batch = 1; ; batch += 1) {
        const { events, upTo, last } = await backlog.next(batchSize);
        await inTransaction(this.store.dataSource, async (sql) => {
          await lockCheckpoint(sql, checkpointName);
          // Not waiting for the flush: a crash loses the last batches with their checkpoint's move, nothing else.
          await sql.query(`SET LOCAL synchronous_commit TO off`);
          await sql.query(`SET LOCAL search_path TO ${schema}, public`);
          if (events.length > 0) await projection.apply(events, sql);
          // Once read through, every event of its types below the horizon is applied: the checkpoint passes them all.
          await saveCheckpoint(sql, checkpointName, upTo);
        });
        read += events.length;
        if (last) return read;
        if (isPowerOf(4, batch)) await analyzeShadowTables(this.sql, schema, projection.tables);
      }
    } finally {
      await backlog.close();
    }
  }

  /**
   * The bulk of a range projection's rebuild: ranges of `rangeSize` events applied into the
   * copies until a range comes back short (everything below the horizon of its read is applied).
   * Nothing is decoded in Node; each range is a few statements in PostgreSQL. Where each range
   * ends is read once (the order index only), by a checkpoint of its own that leads: the next
   * range's end is read while the shares apply this one. Each share of the streams applies a
   * range in a transaction of its own that moves the share's own checkpoint: one share, or, for
   * a projection that splits by stream, REBUILD_SHARES at once on as many connections (one
   * backend per core). The rebuild's checkpoint follows once every share has committed the range.
   * Returns how many events it applied.
   */
  private async bulkRangesIntoCopies(
    projection: RangeProjection,
    schema: string,
    checkpointName: string,
    rangeSize: number,
  ): Promise<number> {
    this.refuseNewerSchemas(projection);
    const shares = projection.splitsByStream ? streamShares(REBUILD_SHARES) : [undefined];
    const shareCheckpoints = shares.map((share) => `${checkpointName}#${(share?.index ?? 0) + 1}/${shares.length}`);
    const rangesCheckpoint = `${checkpointName}#ranges`;
    const from = await readCheckpoint(this.sql, checkpointName);
    for (const name of [rangesCheckpoint, ...shareCheckpoints]) await saveCheckpoint(this.sql, name, from);
    /** The next range: where it ends and how many events of the projection's types it holds. */
    const nextRange = () => {
      const range = nextBatch(this.sql, this.store.schemas, rangesCheckpoint, rangeSize, projection.eventTypes, { rows: false });
      range.catch(() => undefined); // read while a range is applied: its failure is told when it is awaited
      return range;
    };
    let read = 0;
    let next = nextRange();
    try {
      for (;;) {
        const { after, passed, count } = await next;
        const last = count < rangeSize;
        if (!last) next = nextRange();
        const range = { after, upTo: passed };
        await settledAll(
          shares.map((share, i) =>
            inTransaction(this.store.dataSource, async (sql) => {
              const at = await lockCheckpoint(sql, shareCheckpoints[i]);
              if (!samePlace(at, after)) {
                throw new Error(`${shareCheckpoints[i]} stands at ${at.position}, not at ${after.position} where its range starts`);
              }
              // Not waiting for the flush: a crash loses the last ranges with their checkpoint's move, nothing else.
              await sql.query(`SET LOCAL synchronous_commit TO off`);
              // A range's sorts and joins hold its events in memory rather than in temporary files.
              await sql.query(`SET LOCAL work_mem TO '256MB'`);
              // The copies have no keys, so a nested loop here is never a probe: it scans its inner side
              // once per outer row. The planner estimates a filter over a WITH query's rows at a few
              // hundred, and once chose one for 90,000 redemptions against 10,000 cancellations of the
              // same range: 139 s of CPU for a range of 110,000 events, 1.35 s with hash joins. Nor are
              // the copies analysed as they grow any more (a second a rebuild): a hash join needs only
              // their size, which the planner reads from their pages.
              await sql.query(`SET LOCAL enable_nestloop TO off`);
              await sql.query(`SET LOCAL search_path TO ${schema}, public`);
              if (count > 0) await inSpan(`consume ${projection.name}`, [], () => projection.applyRange(range, sql, share));
              await saveCheckpoint(sql, shareCheckpoints[i], passed);
            }),
          ),
        );
        await saveCheckpoint(this.sql, checkpointName, passed);
        read += count;
        if (last) break;
      }
    } finally {
      // A failed range leaves the next one's read running: it ends before the rebuild's error is told.
      await next.then(
        () => undefined,
        () => undefined,
      );
    }
    await this.sql.query(`DELETE FROM subscription_checkpoints WHERE name = ANY($1::text[])`, [[rangesCheckpoint, ...shareCheckpoints]]);
    return read;
  }

  /**
   * Resolves once `name` has applied the event at `position`; ProjectionNotReadyError after
   * `timeoutMs`. Woken by the process's one checkpoint listener, not by polling per reader.
   */
  waitFor(name: string, position: string, timeoutMs = 5000): Promise<void> {
    return this.watcher.waitFor(name, position, timeoutMs);
  }
}

/**
 * Waits for every one of `work` to end, then fails with the first failure: a share that fails
 * leaves no other still running behind the rebuild's error.
 */
async function settledAll(work: readonly Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/** 1, 4, 16, 64...: the copies are analysed after batches that grow them fourfold. */
function isPowerOf(base: number, n: number): boolean {
  while (n > 1 && n % base === 0) n /= base;
  return n === 1;
}

/**
 * Where a consumer's batches start: its own size, or else, for a range projection, the largest
 * batch. A range's cost is mostly per range, not per event (planning its statements, reading its
 * bounds: a range of 500 events cost 40 us an event in CPU, one of 5,000 24 us, docs/performance.md):
 * started at 500 and sized by time under load, the balances' batches never grew (each job
 * starting over at 500): 101 ranges for the quick catch-up's 50,000 events, 13 from 5,000.
 */
export function firstBatchSize(consumer: Consumer): number {
  return consumer.batchSize ?? (isRangeProjection(consumer) ? MAX_BATCH_SIZE : DEFAULT_BATCH_SIZE);
}

/**
 * Sizes the next batch of a consumer with a backlog: twice as big while a batch takes well under
 * the time budget (fewer, larger transactions), half as big when one took longer than it.
 */
function nextBatchSize(limit: number, tookMs: number, budgetMs: number, first: number): number {
  if (tookMs > budgetMs) return Math.max(first, Math.floor(limit / 2));
  if (tookMs * 2 < budgetMs) return Math.min(limit * 2, Math.max(MAX_BATCH_SIZE, first));
  return limit;
}
