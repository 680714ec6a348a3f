import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GlobalCheckpoint } from '../read/read-all';
import { type CatchUpResult, Subscriptions } from '../subscriptions/subscriptions';
import { type CatchUpJob, PROJECTION_QUEUE, WAKE_ALL_JOB } from './projection-queue';
import { WakeUpRelay } from './wake-up-relay';

/**
 * How often every consumer is woken without a commit: repairs lost wake-ups and picks up events
 * no relay announced. Cheap since idle consumers are passed together (idle-pass.ts).
 */
export const SWEEP_INTERVAL_MS = 1000;

/**
 * How long one catch-up job works before it hands over (queues itself again and ends): the
 * consumers take turns on the worker's slots, so one consumer's backlog never freezes another,
 * and a shutdown waits for at most this (plus one batch), whatever the backlog.
 */
export const CATCH_UP_SLICE_MS = 500;

/** Sweeps a consumer with events to handle may stay at one checkpoint before the sweep runs it itself. */
const STUCK_AFTER_SWEEPS = 3;

/** How long the sweep waits for Redis to take its wake-ups before catching up itself. */
const SWEEP_WAKE_TIMEOUT_MS = 1000;

/**
 * Catch-ups run side by side, each on its own connection. Seven consumers handle the prepayment
 * events: with four slots, three of them (and the wake-all that passes the idle ones) waited in
 * the queue behind the others' turns after an import; eight leave each its own slot and one free.
 */
const CONCURRENCY = 8;

/**
 * Runs consumers when woken: a `wake-all` (one per batch of commits) passes, in one transaction,
 * every consumer with none of the new events, and becomes a deduplicated catch-up for each of the
 * others, which works for a slice of time. Also sweeps on start and
 * every few seconds, so a Redis that lost its jobs (flushed, failed over) loses nothing: the
 * checkpoints in PostgreSQL say where each consumer resumes; while Redis cannot take the
 * wake-ups, the sweep catches the consumers up itself.
 */
@Processor(PROJECTION_QUEUE, { concurrency: CONCURRENCY })
export class ProjectionWorker extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionWorker.name);
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private stopping = false;
  /** Busy consumers by the checkpoint the sweeps found them at, and for how many sweeps in a row. */
  private readonly unmoved = new Map<string, { position: string; sweeps: number }>();
  /** Consumers with a catch-up job running in this process; `again` when another job for one came meanwhile. */
  private readonly running = new Map<string, { again: boolean }>();

  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly relay: WakeUpRelay,
  ) {
    super();
  }

  async process(job: Job<CatchUpJob>): Promise<number> {
    await job.removeDeduplicationKey();
    if (job.name === WAKE_ALL_JOB) {
      // Consumers with none of the new events are passed here, together; only the others get a catch-up.
      await this.relay.wake((await this.subscriptions.passIdle(this.subscriptions.names())).busy);
      return 0;
    }
    const name = job.data.projection;
    // Already caught up on another slot here: that turn goes on once more after it ends, rather
    // than this slot waiting on the consumer's lock (each sweep wakes a running consumer, so its
    // waiting jobs would otherwise fill every slot and leave the other consumers queued).
    const running = this.running.get(name);
    if (running) {
      running.again = true;
      return 0;
    }
    const turn = { again: false };
    this.running.set(name, turn);
    let result: CatchUpResult;
    try {
      result = await this.subscriptions.catchUp(name, { until: Date.now() + CATCH_UP_SLICE_MS, stopping: () => this.stopping });
    } finally {
      this.running.delete(name);
    }
    // More to do or asked for meanwhile: the next turn (after the others waiting); hidden behind an older open transaction: shortly.
    if ((result.handedOver || turn.again) && !this.stopping) await this.relay.wake(name);
    else if (result.unread && !this.stopping) await this.relay.wake(name, 20);
    return result.read;
  }

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    void this.sweep();
  }

  /** Before the workers are drained: a running catch-up stops after its batch. */
  onModuleDestroy(): void {
    this.stopping = true;
    clearInterval(this.sweepTimer);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
  }

  /**
   * Passes the consumers with nothing of their own to handle and wakes the others through the
   * queue, as a commit's wake-up does. Catches up here, a slice each, one after the other: every
   * consumer when Redis cannot take the wake-ups, and otherwise those its wake-ups have left at
   * the same checkpoint with events to handle for STUCK_AFTER_SWEEPS sweeps (a wake-up job lost
   * or stuck in Redis, behind its deduplication key, until BullMQ's stall check).
   */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      const names = this.subscriptions.names();
      const { busy, checkpoints } = await this.subscriptions
        .passIdle(names)
        .catch(() => ({ busy: names, checkpoints: new Map<string, GlobalCheckpoint>() }));
      // A consumer whose batch holds its lock now is moving, however slowly: not stuck (and has no checkpoint here).
      const stuck = this.stuckAmong(checkpoints);
      let queued = true;
      try {
        // A Redis that is away queues commands until it is back: do not wait for it that long.
        await Promise.race([this.relay.wakeOrThrow(busy), sleep(SWEEP_WAKE_TIMEOUT_MS).then(() => Promise.reject(new Error('timeout')))]);
      } catch {
        queued = false; // the workers cannot take jobs either: catch up straight from PostgreSQL
      }
      for (const name of queued ? stuck : names) {
        if (this.stopping) return;
        try {
          await this.subscriptions.catchUp(name, { until: Date.now() + CATCH_UP_SLICE_MS, stopping: () => this.stopping });
        } catch (error) {
          this.logger.error(`sweep of consumer ${name} failed: ${(error as Error).message}`);
        }
      }
    })().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** Those of the waiting busy consumers (by checkpoint) found at the same checkpoint by the last STUCK_AFTER_SWEEPS sweeps. */
  private stuckAmong(waiting: ReadonlyMap<string, GlobalCheckpoint>): string[] {
    for (const name of this.unmoved.keys()) if (!waiting.has(name)) this.unmoved.delete(name);
    const stuck: string[] = [];
    for (const [name, { position }] of waiting) {
      const before = this.unmoved.get(name);
      const sweeps = before?.position === position ? before.sweeps + 1 : 1;
      this.unmoved.set(name, { position, sweeps: sweeps >= STUCK_AFTER_SWEEPS ? 0 : sweeps });
      if (sweeps >= STUCK_AFTER_SWEEPS) stuck.push(name);
    }
    return stuck;
  }
}
