import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { addDays, seoulDate } from '@goodpay/shared';
import { Clock } from '@goodpay/shared';
import { PayoutRunner } from './payout-runner';
import { SettlementJobs } from './settlement-jobs';
import { PAY_OUT, type PayOutJob, SETTLE_DAY, SETTLE_PREVIOUS_DAY, type SettleDayJob, SETTLEMENT_QUEUE } from './settlement-queue';
import { SettlementRun } from './settlement-run';

/** Runs the settlement queue: the scheduler's daily trigger, a day's run, and payout attempts. */
@Processor(SETTLEMENT_QUEUE)
export class SettlementProcessor extends WorkerHost {
  constructor(
    private readonly run: SettlementRun,
    private readonly payouts: PayoutRunner,
    private readonly jobs: SettlementJobs,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case SETTLE_PREVIOUS_DAY: {
        // The day is fixed here, by the clock at the trigger, then run as its own day-named job.
        const day = addDays(seoulDate(this.clock.now().toISOString()), -1);
        return { day, jobId: await this.jobs.settleDay(day) };
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
