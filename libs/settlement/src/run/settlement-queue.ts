import type { CalendarDate } from '@goodpay/shared';

/** The BullMQ queue of the daily settlement runs and the payouts. */
export const SETTLEMENT_QUEUE = 'settlement';

/** The scheduler's daily job: settle every day not settled yet, up to the Seoul day before now. */
export const SETTLE_PREVIOUS_DAY = 'settle-previous-day';
/** A rehearsal's clock moved on: settle its days up to the day before its "now". */
export const SETTLE_REHEARSAL = 'settle-rehearsal';
export const SETTLE_DAY = 'settle-day';
export const PAY_OUT = 'pay-out';

export const DAILY_SCHEDULER_ID = 'settlement-daily';

export interface SettleDayJob {
  day: CalendarDate;
}

export interface SettleRehearsalJob {
  campaignId: string;
}

export interface PayOutJob {
  settlementId: string;
  round: number;
}

/** Derived from the day: two requests for one day's run while it waits are one job. */
export const settleDayJobId = (day: CalendarDate): string => `settle-day.${day}`;

/** Derived from the settlement and the round: each round's attempts are one job, retried with backoff. */
export const payOutJobId = (settlementId: string, round: number): string => `payout.${settlementId}.r${round}`;
