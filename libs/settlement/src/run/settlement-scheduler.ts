import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { type ResolvedSettlementOptions, SETTLEMENT_OPTIONS } from '../options/settlement-options';
import { DAILY_SCHEDULER_ID, SETTLE_PREVIOUS_DAY, SETTLEMENT_QUEUE } from './settlement-queue';

/** The cron of the daily run, in Seoul time whatever the server's zone. */
export const dailyPattern = (hour: number): string => `0 ${hour} * * *`;
export const SEOUL_TIME_ZONE = 'Asia/Seoul';

/**
 * The settlement queue's one job scheduler: every day at the configured Seoul hour it adds a job
 * that settles the day before. The process's job-scheduler keeper (QueuesModule) creates it at
 * start, where a changed hour replaces the old schedule, and again whenever Redis lost it; several
 * workers doing so at once still make one scheduler.
 */
@Injectable()
export class SettlementScheduler {
  constructor(
    @InjectQueue(SETTLEMENT_QUEUE) private readonly queue: Queue,
    @Inject(SETTLEMENT_OPTIONS) private readonly options: ResolvedSettlementOptions,
  ) {}

  jobSchedulers() {
    return [
      {
        queue: this.queue,
        id: DAILY_SCHEDULER_ID,
        repeat: { pattern: dailyPattern(this.options.runAtHourSeoul), tz: SEOUL_TIME_ZONE },
        template: { name: SETTLE_PREVIOUS_DAY, data: {}, opts: { removeOnComplete: 100, removeOnFail: 1_000 } },
      },
    ];
  }
}
