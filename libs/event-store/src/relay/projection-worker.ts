import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Subscriptions } from '../subscriptions/subscriptions';
import { type CatchUpJob, PROJECTION_QUEUE } from './projection-queue';
import { WakeUpRelay } from './wake-up-relay';

/** How often every projection catches up without being woken: repairs lost wake-ups. */
export const SWEEP_INTERVAL_MS = 5000;

/**
 * Runs projections when woken. Also sweeps on start and every few seconds straight from
 * PostgreSQL, so a Redis that lost its jobs (flushed, failed over) loses nothing: the
 * checkpoints in PostgreSQL say where each projection resumes.
 */
@Processor(PROJECTION_QUEUE, { concurrency: 4 })
export class ProjectionWorker extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionWorker.name);
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly relay: WakeUpRelay,
  ) {
    super();
  }

  async process(job: Job<CatchUpJob>): Promise<number> {
    await job.removeDeduplicationKey();
    const { read, unread } = await this.subscriptions.catchUp(job.data.projection);
    // Committed events are still unread (most often hidden behind an older open transaction): look again shortly.
    if (unread) await this.relay.wake(job.data.projection, 20);
    return read;
  }

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    void this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
  }

  /** Catches every projection up directly, one sweep at a time. */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      for (const name of this.subscriptions.names()) {
        try {
          await this.subscriptions.catchUp(name);
        } catch (error) {
          this.logger.error(`sweep of projection ${name} failed: ${(error as Error).message}`);
        }
      }
    })().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }
}
