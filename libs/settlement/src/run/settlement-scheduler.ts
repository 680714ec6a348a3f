import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { type ResolvedSettlementOptions, SETTLEMENT_OPTIONS } from '../options/settlement-options';
import { DAILY_SCHEDULER_ID, SETTLE_PREVIOUS_DAY, SETTLEMENT_QUEUE } from './settlement-queue';

/** The cron of the daily run, in Seoul time whatever the server's zone. */
export const dailyPattern = (hour: number): string => `0 ${hour} * * *`;
export const SEOUL_TIME_ZONE = 'Asia/Seoul';

/**
 * Keeps one job scheduler on the settlement queue: every day at the configured Seoul hour it
 * adds a job that settles the day before. Upserting on every start is idempotent, and a changed
 * hour replaces the old schedule; several workers starting at once still make one scheduler.
 */
@Injectable()
export class SettlementScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(SETTLEMENT_QUEUE) private readonly queue: Queue,
    @Inject(SETTLEMENT_OPTIONS) private readonly options: ResolvedSettlementOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      DAILY_SCHEDULER_ID,
      { pattern: dailyPattern(this.options.runAtHourSeoul), tz: SEOUL_TIME_ZONE },
      { name: SETTLE_PREVIOUS_DAY, data: {}, opts: { removeOnComplete: 100, removeOnFail: 1_000 } },
    );
  }
}
