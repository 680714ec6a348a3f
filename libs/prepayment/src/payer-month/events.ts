import type { CalendarMonth } from '@goodpay/shared';
import type { DomainEvent } from '@goodpay/event-store';
import type { Krw } from '@goodpay/shared';

/**
 * What one citizen prepaid in one campaign in one Seoul calendar month. The cap is a
 * campaign's bound, so the stream is per campaign as well as per payer and month.
 */
export const payerMonthStream = (campaignId: string, payerId: string, month: CalendarMonth): string =>
  `payer-month-${campaignId}-${payerId}-${month}`;

export type MonthlyPrepaymentRecorded = DomainEvent<
  'MonthlyPrepaymentRecorded',
  { campaignId: string; payerId: string; month: CalendarMonth; prepaymentId: string; amount: Krw; monthTotal: Krw }
>;

/** An order given up before its payment was confirmed: never paid in, so its room comes back. */
export type MonthlyPrepaymentReleased = DomainEvent<
  'MonthlyPrepaymentReleased',
  { campaignId: string; payerId: string; month: CalendarMonth; prepaymentId: string; amount: Krw; monthTotal: Krw }
>;

export type PayerMonthEvent = MonthlyPrepaymentRecorded | MonthlyPrepaymentReleased;

// A record rather than a list, so the compiler checks it names every event exactly once.
const payerMonthEventTypes: Record<PayerMonthEvent['type'], true> = { MonthlyPrepaymentRecorded: true, MonthlyPrepaymentReleased: true };
export const PAYER_MONTH_EVENT_TYPES = Object.keys(payerMonthEventTypes) as PayerMonthEvent['type'][];
