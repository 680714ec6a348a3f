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

  async wakeAll(): Promise<void> {
    await Promise.all(this.subscriptions.names().map((name) => this.wake(name)));
  }

  async wake(projection: string, delay = 0): Promise<void> {
    try {
      await this.queue.add(CATCH_UP_JOB, { projection }, catchUpJobOptions(projection, delay));
    } catch (error) {
      this.logger.warn(`could not wake projection ${projection}: ${(error as Error).message}`);
    }
  }
}
