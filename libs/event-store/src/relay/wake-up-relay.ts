import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EventStore } from '../event-store';
import { Subscriptions } from '../subscriptions/subscriptions';
import { CATCH_UP_JOB, type CatchUpJob, catchUpJobOptions, PROJECTION_QUEUE, WAKE_ALL_JOB, wakeAllJobOptions } from './projection-queue';

/**
 * After commits, adds ONE deduplicated wake-up for all consumers; the worker passes those with
 * none of the new events at once and fans the rest out into a catch-up each. Commits that land while a wake-up is being sent fold into the next
 * one: a command pays at most one Redis round trip, shared with the commits around it, instead
 * of one job per consumer per commit. Best effort on purpose: the events are already safe in
 * PostgreSQL, so if Redis is unreachable the command still succeeds and the workers' periodic
 * sweep picks the events up.
 */
@Injectable()
export class WakeUpRelay implements OnModuleInit {
  private readonly logger = new Logger(WakeUpRelay.name);
  /** A wake-up is on its way to Redis; `again` asks for one more after it. */
  private sending: { again: boolean } | null = null;

  constructor(
    @InjectQueue(PROJECTION_QUEUE) private readonly queue: Queue<CatchUpJob | Record<string, never>>,
    private readonly store: EventStore,
    private readonly subscriptions: Subscriptions,
  ) {}

  onModuleInit(): void {
    this.store.onAppended(() => this.wakeAll());
  }

  /**
   * Wakes every consumer, not only those interested in the new events: a reader may wait with
   * `?after=` for any position, and a consumer passes others' events (cheaply, in SQL) only when it runs.
   */
  wakeAll(): void {
    if (this.subscriptions.names().length === 0) return;
    if (this.sending) {
      this.sending.again = true;
      return;
    }
    const sending = { again: false };
    this.sending = sending;
    void (async () => {
      do {
        sending.again = false;
        try {
          await this.queue.add(WAKE_ALL_JOB, {}, wakeAllJobOptions());
        } catch (error) {
          this.logger.warn(`could not wake the consumers: ${(error as Error).message}`);
        }
      } while (sending.again);
      this.sending = null;
    })();
  }

  /** Wakes the named consumers (a deduplicated catch-up each), in one pipelined round trip. */
  async wake(projections: string | string[], delay = 0): Promise<void> {
    try {
      await this.wakeOrThrow(projections, delay);
    } catch (error) {
      const names = typeof projections === 'string' ? [projections] : projections;
      this.logger.warn(`could not wake consumers ${names.join(', ')}: ${(error as Error).message}`);
    }
  }

  /** Like `wake`, for a caller that has a fallback when Redis cannot take the wake-ups. */
  async wakeOrThrow(projections: string | string[], delay = 0): Promise<void> {
    const names = typeof projections === 'string' ? [projections] : projections;
    if (names.length === 0) return;
    await this.queue.addBulk(
      names.map((projection) => ({ name: CATCH_UP_JOB, data: { projection }, opts: catchUpJobOptions(projection, delay) })),
    );
  }
}
