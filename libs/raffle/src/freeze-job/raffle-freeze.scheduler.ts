import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { RAFFLE_FREEZE_EVERY_MS, RAFFLE_FREEZE_JOB, RAFFLE_FREEZE_QUEUE, RAFFLE_FREEZE_SCHEDULER_ID } from './raffle-freeze-queue';

/**
 * The freeze queue's job scheduler, kept in Redis by the process's JobSchedulerKeeper (created
 * at start and again whenever Redis lost it). A run missed while it was gone is caught up by the
 * next one: it freezes every round whose time has come, however long ago.
 */
@Injectable()
export class RaffleFreezeScheduler {
  constructor(@InjectQueue(RAFFLE_FREEZE_QUEUE) private readonly queue: Queue) {}

  jobSchedulers() {
    return [
      {
        queue: this.queue,
        id: RAFFLE_FREEZE_SCHEDULER_ID,
        repeat: { every: RAFFLE_FREEZE_EVERY_MS },
        template: { name: RAFFLE_FREEZE_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 1_000 } },
      },
    ];
  }
}
