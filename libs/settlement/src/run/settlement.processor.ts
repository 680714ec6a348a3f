import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PayoutRunner } from './payout-runner';
import {
  PAY_OUT,
  type PayOutJob,
  SETTLE_DAY,
  SETTLE_PREVIOUS_DAY,
  SETTLE_REHEARSAL,
  type SettleDayJob,
  type SettleRehearsalJob,
  SETTLEMENT_QUEUE,
} from './settlement-queue';
import { SettlementRun } from './settlement-run';

/** Runs the settlement queue: the scheduler's daily trigger, a day's run, and payout attempts. */
@Processor(SETTLEMENT_QUEUE)
export class SettlementProcessor extends WorkerHost {
  constructor(
    private readonly run: SettlementRun,
    private readonly payouts: PayoutRunner,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case SETTLE_PREVIOUS_DAY: {
        // Every day not settled since the last settled one, in order, each once: a day missed
        // while the worker (or Redis, or the scheduler) was down is caught up here by itself.
        // Then each rehearsal's days, on its own clock.
        const real = await this.run.catchUp();
        const rehearsals = [];
        for (const rehearsalCampaignId of await this.run.rehearsals())
          rehearsals.push(...(await this.run.catchUp({ rehearsalCampaignId })));
        return { days: real.map((r) => r.day), rehearsalDays: rehearsals.map((r) => `${r.rehearsalCampaignId}/${r.day}`) };
      }
      case SETTLE_REHEARSAL: {
        const { campaignId } = job.data as SettleRehearsalJob;
        return { days: (await this.run.catchUp({ rehearsalCampaignId: campaignId })).map((r) => r.day) };
      }
      case SETTLE_DAY:
        return this.run.settleDay((job.data as SettleDayJob).day);
      case PAY_OUT: {
        const { settlementId, round } = job.data as PayOutJob;
        return this.payouts.attempt(settlementId, round, job.attemptsMade + 1, job.opts.attempts ?? 1);
      }
      default:
        throw new Error(`unknown settlement job ${job.name}`);
    }
  }
}
