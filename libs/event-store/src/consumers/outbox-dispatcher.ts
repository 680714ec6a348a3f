import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { EventStore } from '../event-store';
import { inTransaction, type Sql } from '../sql/sql';
import { Subscriptions } from '../subscriptions/subscriptions';

/** How often the outbox is looked at without being told: rows left by a process that died. */
export const OUTBOX_POLL_MS = 1000;
/** How often the jobs sent but not seen completed are checked against Redis. */
export const OUTBOX_CHECK_MS = 5000;
const SEND_BATCH = 500;
/** Sent rows asked about per check. */
const CHECK_BATCH = 5000;

/**
 * A completed outbox job stays in Redis this long, so the check sees it completed (and marks
 * its row done) before it goes; one removed earlier is sent again, which its idempotent handler
 * answers with nothing.
 */
const KEEP_COMPLETED = { age: 24 * 3600, count: 100_000 };

interface OutboxRow {
  id: string;
  queue: string;
  job_name: string;
  job_id: string;
  data: Record<string, unknown>;
  options: JobsOptions;
}

/**
 * Sends the reactors' outbox to BullMQ, with each row's job id, and marks the rows sent; then
 * keeps watch until Redis says each job completed. Whatever dies when, nothing is lost or
 * doubled: a row committed but not sent (the process died between) is sent by the next pass;
 * a row sent but whose job Redis no longer knows (flushed, failed over) is sent again; a send
 * of a job Redis still has adds nothing (same id). A job that failed for good stays failed in
 * Redis, visible, until staff retry it.
 *
 * Passes of several processes do not overlap (an advisory lock, taken without an xid so it
 * never holds back the readers' horizon); Redis calls are made with no row locked.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private timer?: NodeJS.Timeout;
  private running: { again: boolean } | null = null;
  private passing?: Promise<void>;
  private lastCheck = 0;
  /** Where the next check of sent rows starts: the checks go round them all, CHECK_BATCH at a time. */
  private checkedUpTo = '0';
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly subscriptions: Subscriptions,
    private readonly modules: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    this.subscriptions.onOutboxWritten(() => this.dispatch());
    this.timer = setInterval(() => this.dispatch(), OUTBOX_POLL_MS);
    this.dispatch();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.passing;
  }

  /** Runs a pass now, or once more after the running one. */
  dispatch(): void {
    if (this.stopped) return;
    if (this.running) {
      this.running.again = true;
      return;
    }
    const running = { again: false };
    this.running = running;
    this.passing = (async () => {
      do {
        running.again = false;
        try {
          await this.pass();
        } catch (error) {
          this.logger.warn(`outbox pass failed, trying again: ${(error as Error).message}`);
        }
      } while (running.again && !this.stopped);
    })().finally(() => (this.running = null));
  }

  /** One pass: send what is unsent; every OUTBOX_CHECK_MS, check what was sent. True when it had the lock. */
  async pass(options: { check?: boolean } = {}): Promise<boolean> {
    return inTransaction(this.store.dataSource, async (sql) => {
      const { rows } = await sql.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtextextended('consumer-outbox', 0)) AS locked`,
      );
      if (!rows[0].locked) return false;
      // Behind an import the outbox holds hundreds of thousands of rows: a worker asked to stop
      // ends after the batch in hand (what is left is sent by the next pass, here or elsewhere).
      for (;;) {
        const sent = await this.sendUnsent(sql);
        if (sent < SEND_BATCH || this.stopped) break;
      }
      if (options.check || Date.now() - this.lastCheck >= OUTBOX_CHECK_MS) {
        this.lastCheck = Date.now();
        await this.checkSent(sql);
      }
      return true;
    });
  }

  private async sendUnsent(sql: Sql): Promise<number> {
    // Ordered by the column, not by the output's text alias `id`: sorting by the text read and
    // sorted every unsent row (473 ms behind an import), where the column walks the index to the LIMIT.
    const { rows } = await sql.query<OutboxRow>(
      `SELECT id::text AS id, queue, job_name, job_id, data, options FROM consumer_outbox
       WHERE sent_at IS NULL ORDER BY consumer_outbox.id LIMIT $1`,
      [SEND_BATCH],
    );
    if (rows.length === 0) return 0;
    const sent: string[] = [];
    for (const [queue, jobs] of groupBy(rows, (row) => row.queue)) sent.push(...(await this.send(queue, jobs)));
    // Only now: a row marked sent is one Redis took.
    if (sent.length > 0)
      await this.store.dataSource.query(`UPDATE consumer_outbox SET sent_at = now() WHERE id = ANY($1::bigint[])`, [sent]);
    return sent.length;
  }

  /**
   * Asks Redis for each sent, unfinished job: completed -> done; unknown to Redis -> lost with
   * it, so sent again; waiting, active, delayed or failed -> left as it is.
   *
   * Each check takes the next CHECK_BATCH rows after the last one checked, and starts again
   * from the oldest when it reaches the end: behind an import, hundreds of thousands of jobs
   * wait, and a check of the oldest only asked about the same waiting ones every time (and read
   * past the same dead index entries, 0.5 s a check), while a job lost further on was never seen.
   */
  private async checkSent(sql: Sql): Promise<void> {
    const { rows } = await sql.query<OutboxRow>(
      `SELECT id::text AS id, queue, job_name, job_id, data, options FROM consumer_outbox
       WHERE sent_at IS NOT NULL AND done_at IS NULL AND consumer_outbox.id > $1::bigint
       ORDER BY consumer_outbox.id LIMIT $2`,
      [this.checkedUpTo, CHECK_BATCH],
    );
    this.checkedUpTo = rows.length < CHECK_BATCH ? '0' : rows[rows.length - 1].id;
    const done: string[] = [];
    const lost: OutboxRow[] = [];
    // Asked together (one round trip's worth of commands in flight), not one after another: behind
    // an import the rows to check come by the thousand.
    const states = await Promise.all(rows.map((row) => this.queue(row.queue).getJobState(row.job_id)));
    rows.forEach((row, index) => {
      if (states[index] === 'completed') done.push(row.id);
      else if (states[index] === 'unknown') lost.push(row);
    });
    for (const [queue, jobs] of groupBy(lost, (row) => row.queue)) {
      this.logger.warn(`re-sending ${jobs.length} ${queue} job(s) that Redis no longer knows`);
      await this.send(queue, jobs);
    }
    if (done.length > 0) {
      await this.store.dataSource.query(`UPDATE consumer_outbox SET done_at = now() WHERE id = ANY($1::bigint[])`, [done]);
    }
  }

  /**
   * Adds the jobs in one round trip; if Redis refuses the bulk (a job it cannot take), one by one,
   * so one bad row stays unsent, logged, and does not hold back the others. Returns the ids sent.
   */
  private async send(queue: string, rows: readonly OutboxRow[]): Promise<string[]> {
    const jobOf = (row: OutboxRow) => ({ name: row.job_name, data: row.data, opts: this.optionsOf(row) });
    try {
      await this.queue(queue).addBulk(rows.map(jobOf));
      return rows.map((row) => row.id);
    } catch (error) {
      if (rows.length === 1) {
        this.logger.error(`outbox job ${rows[0].job_id} (${queue}) cannot be sent: ${(error as Error).message}`);
        return [];
      }
      const sent: string[] = [];
      for (const row of rows) sent.push(...(await this.send(queue, [row])));
      return sent;
    }
  }

  private optionsOf(row: OutboxRow): JobsOptions {
    return { ...row.options, jobId: row.job_id, removeOnComplete: KEEP_COMPLETED };
  }

  /** The queue as registered by the context that owns it (BullModule.registerQueue). */
  private queue(name: string): Queue {
    try {
      return this.modules.get<Queue>(getQueueToken(name), { strict: false });
    } catch {
      throw new Error(`outbox job for queue ${name}, which no module of this process registers`);
    }
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
