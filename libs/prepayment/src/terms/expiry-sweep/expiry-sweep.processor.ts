import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { EXPIRY_SWEEP_QUEUE } from './expiry-sweep-queue';
import { ExpirySweep, type ExpirySweepResult } from './expiry-sweep';

/** Runs the daily expiry sweep; idempotent, so a retried or doubled job tells nobody twice. */
@Processor(EXPIRY_SWEEP_QUEUE)
export class ExpirySweepProcessor extends WorkerHost {
  constructor(private readonly sweep: ExpirySweep) {
    super();
  }

  process(job: Job): Promise<ExpirySweepResult> {
    return this.sweep.sweep(`expiry-sweep:${job.id}`);
  }
}
