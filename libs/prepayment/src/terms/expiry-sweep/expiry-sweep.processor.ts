import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { EXPIRY_SWEEP_QUEUE } from './expiry-sweep-queue';
import { CampaignEndSweep, type CampaignEndSweepResult } from './campaign-end-sweep';
import { ExpirySweep, type ExpirySweepResult } from './expiry-sweep';

/**
 * The daily terms sweep: expiry notices, then the end-of-campaign offer for campaigns past
 * their last day unclosed. Both idempotent, so a retried or doubled job tells nobody twice.
 */
@Processor(EXPIRY_SWEEP_QUEUE)
export class ExpirySweepProcessor extends WorkerHost {
  constructor(
    private readonly expiries: ExpirySweep,
    private readonly campaignEnds: CampaignEndSweep,
  ) {
    super();
  }

  async process(job: Job): Promise<{ expiries: ExpirySweepResult; campaignEnds: CampaignEndSweepResult }> {
    const campaignEnds = await this.campaignEnds.sweep(`campaign-end-sweep:${job.id}`);
    return { expiries: await this.expiries.sweep(`expiry-sweep:${job.id}`), campaignEnds };
  }
}
