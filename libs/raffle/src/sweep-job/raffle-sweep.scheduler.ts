import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { RAFFLE_SWEEP_JOB, RAFFLE_SWEEP_PATTERN, RAFFLE_SWEEP_QUEUE, RAFFLE_SWEEP_SCHEDULER_ID } from './raffle-sweep-queue';

/**
 * The sweep queue's one job scheduler. The process's job-scheduler keeper (QueuesModule) creates
 * it at start and again whenever Redis lost it; several workers doing so at once still make one.
 */
@Injectable()
export class RaffleSweepScheduler {
  constructor(@InjectQueue(RAFFLE_SWEEP_QUEUE) private readonly queue: Queue) {}

  jobSchedulers() {
    return [
      {
        queue: this.queue,
        id: RAFFLE_SWEEP_SCHEDULER_ID,
        repeat: { pattern: RAFFLE_SWEEP_PATTERN, tz: 'Asia/Seoul' },
        template: { name: RAFFLE_SWEEP_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 1_000 } },
      },
    ];
  }
}
