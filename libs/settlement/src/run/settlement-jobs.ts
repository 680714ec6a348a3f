import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { CalendarDate } from '@goodpay/shared';
import { SETTLE_DAY, type SettleDayJob, settleDayJobId, SETTLEMENT_QUEUE } from './settlement-queue';

/**
 * Adds a day's run to the settlement queue, with an id derived from the day (the scheduler's
 * daily job and staff's "run this day" ask for it; neither follows a commit). Adding is safe to
 * repeat: the run itself is idempotent (the settlement streams decide), the id only spares
 * duplicate runs while a job waits. Payout jobs come from the settlement-payouts reactor.
 */
@Injectable()
export class SettlementJobs {
  constructor(@InjectQueue(SETTLEMENT_QUEUE) private readonly queue: Queue) {}

  async settleDay(day: CalendarDate): Promise<string> {
    const jobId = settleDayJobId(day);
    const data: SettleDayJob = { day };
    await this.queue.add(SETTLE_DAY, data, {
      jobId,
      attempts: 5,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: 1_000,
    });
    return jobId;
  }
}
