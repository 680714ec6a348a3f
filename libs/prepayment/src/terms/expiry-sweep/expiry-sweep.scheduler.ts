import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EXPIRY_SWEEP_JOB, EXPIRY_SWEEP_PATTERN, EXPIRY_SWEEP_QUEUE, EXPIRY_SWEEP_SCHEDULER_ID } from './expiry-sweep-queue';

/** The sweep queue's one job scheduler, kept in Redis by the process's job-scheduler keeper (QueuesModule). */
@Injectable()
export class ExpirySweepScheduler {
  constructor(@InjectQueue(EXPIRY_SWEEP_QUEUE) private readonly queue: Queue) {}

  jobSchedulers() {
    return [
      {
        queue: this.queue,
        id: EXPIRY_SWEEP_SCHEDULER_ID,
        repeat: { pattern: EXPIRY_SWEEP_PATTERN, tz: 'Asia/Seoul' },
        template: { name: EXPIRY_SWEEP_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 1_000 } },
      },
    ];
  }
}
