import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { RAFFLE_SWEEP_JOB, RAFFLE_SWEEP_PATTERN, RAFFLE_SWEEP_QUEUE, RAFFLE_SWEEP_SCHEDULER_ID } from './raffle-sweep-queue';

/**
 * Keeps one job scheduler on the sweep queue. Upserting on every start is idempotent: several
 * workers starting at once still make one scheduler.
 */
@Injectable()
export class RaffleSweepScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(RAFFLE_SWEEP_QUEUE) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      RAFFLE_SWEEP_SCHEDULER_ID,
      { pattern: RAFFLE_SWEEP_PATTERN, tz: 'Asia/Seoul' },
      { name: RAFFLE_SWEEP_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 1_000 } },
    );
  }
}
