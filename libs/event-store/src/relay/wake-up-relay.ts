import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EventStore } from '../event-store';
import { Subscriptions } from '../subscriptions/subscriptions';
import { CATCH_UP_JOB, type CatchUpJob, catchUpJobOptions, PROJECTION_QUEUE } from './projection-queue';

/**
 * After each commit, adds a deduplicated catch-up job per projection. Best effort on
 * purpose: the events are already safe in PostgreSQL, so if Redis is unreachable the
 * command still succeeds and the workers' periodic sweep picks the events up.
 */
@Injectable()
export class WakeUpRelay implements OnModuleInit {
  private readonly logger = new Logger(WakeUpRelay.name);

  constructor(
    @InjectQueue(PROJECTION_QUEUE) private readonly queue: Queue<CatchUpJob>,
    private readonly store: EventStore,
    private readonly subscriptions: Subscriptions,
  ) {}

  onModuleInit(): void {
    this.store.onAppended(() => void this.wakeAll());
  }

  /**
   * Every projection, not only those interested in the new events: a reader may wait with
   * `?after=` for any position, and a projection passes uninteresting events only when it runs.
   * One pipelined round trip to Redis for all of them.
   */
  wakeAll(): Promise<void> {
    return this.wake(this.subscriptions.names());
  }

  async wake(projections: string | string[], delay = 0): Promise<void> {
    const names = typeof projections === 'string' ? [projections] : projections;
    if (names.length === 0) return;
    try {
      await this.queue.addBulk(names.map((projection) => ({ name: CATCH_UP_JOB, data: { projection }, opts: catchUpJobOptions(projection, delay) })));
    } catch (error) {
      this.logger.warn(`could not wake projections ${names.join(', ')}: ${(error as Error).message}`);
    }
  }
}
