import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EventStore } from '../event-store';
import { Subscriptions } from '../subscriptions/subscriptions';
import { CATCH_UP_JOB, type CatchUpJob, catchUpJobOptions, PROJECTION_QUEUE, WAKE_ALL_JOB, wakeAllJobOptions } from './projection-queue';

/** How long a wake-up waits for the commits after the one that asked for it. */
export const WAKE_WINDOW_MS = 10;

/**
 * After commits, adds ONE deduplicated wake-up for all consumers; the worker passes those with
 * none of the new events at once and fans the rest out into a catch-up each. A wake-up leaves
 * WAKE_WINDOW_MS after the commit that asked for it, and every commit until it has been sent
 * folds into it: under load the api adds at most one job per window (the job's Lua script and
 * its round trip were a command's largest Redis cost), not one per commit, for a few
 * milliseconds more of projection lag. Best effort on purpose: the events are already safe in
 * PostgreSQL, so if Redis is unreachable the command still succeeds and the workers' periodic
 * sweep picks the events up.
 */
@Injectable()
export class WakeUpRelay implements OnModuleInit {
  private readonly logger = new Logger(WakeUpRelay.name);
  /** A wake-up is waiting for its window or on its way to Redis; `again` asks for one more after it. */
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
        await new Promise((resolve) => setTimeout(resolve, WAKE_WINDOW_MS));
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
