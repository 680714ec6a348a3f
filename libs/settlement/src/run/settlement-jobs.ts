import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { CalendarDate } from '@goodpay/campaign';
import { type ResolvedSettlementOptions, SETTLEMENT_OPTIONS } from '../options/settlement-options';
import { PAY_OUT, type PayOutJob, payOutJobId, SETTLE_DAY, type SettleDayJob, settleDayJobId, SETTLEMENT_QUEUE } from './settlement-queue';

/**
 * Adds the settlement queue's jobs with ids derived from what they do. Adding is safe to
 * repeat: the work itself is idempotent (the settlement and payout streams decide), the ids
 * only spare duplicate runs while a job waits.
 */
@Injectable()
export class SettlementJobs {
  constructor(
    @InjectQueue(SETTLEMENT_QUEUE) private readonly queue: Queue,
    @Inject(SETTLEMENT_OPTIONS) private readonly options: ResolvedSettlementOptions,
  ) {}

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

  /** A failing round stays in the failed set (visible on the Bull Board) until staff retry it. */
  async payOut(settlementId: string, round: number): Promise<string> {
    const jobId = payOutJobId(settlementId, round);
    const data: PayOutJob = { settlementId, round };
    await this.queue.add(PAY_OUT, data, {
      jobId,
      attempts: this.options.payoutAttempts,
      backoff: { type: 'exponential', delay: this.options.payoutBackoffMs },
      removeOnComplete: true,
      removeOnFail: false,
    });
    return jobId;
  }
}
