import type { CalendarDate } from '@goodpay/shared';
import type { DomainEvent } from '@goodpay/event-store';
import type { Krw } from '@goodpay/shared';

/**
 * One stream per merchant holds all of its settlements, in order. Claiming items, carrying a
 * deduction forward and "never the same day twice" are then decided on one stream at one
 * version: two concurrent runs cannot both claim an item, one of them loses the append.
 */
export const merchantSettlementsStream = (merchantId: string, rehearsalCampaignId?: string): string =>
  rehearsalCampaignId ? `settlement-rehearsal-${rehearsalCampaignId}-${merchantId}` : `settlement-${merchantId}`;

/** The days a run has settled, in order: the real ones, or one rehearsal's (docs/rehearsal.md). */
export const settledDaysStream = (rehearsalCampaignId?: string): string =>
  rehearsalCampaignId ? `settlement-days-rehearsal-${rehearsalCampaignId}` : 'settlement-days';

/** Collected through the platform (owed to the shop), or refunded by the platform (taken off what is owed). */
export type SettlementItemKind = 'collected' | 'refunded';

/** One prepayment collected, or one refund, as the settlement claimed it. */
export interface SettlementItem {
  /** The id of the event that made it: unique, and stable when the read model is rebuilt. */
  itemId: string;
  kind: SettlementItemKind;
  prepaymentId: string;
  amount: Krw;
  occurredAt: string;
  /** The Seoul day it happened; a settlement claims items of its day and any earlier day left over. */
  day: CalendarDate;
  /** The shop's donation-angel pledge in force at the sale (collected items; 0 for refunds). */
  pledgeBasisPoints: number;
}

/** What a settlement adds up to; see figures.ts for how each number follows. */
export interface SettlementFigures {
  collected: Krw;
  refunded: Krw;
  feeBasisPoints: number;
  fee: Krw;
  pledge: Krw;
  /** The deduction left over from the shop's previous settlement (refunds beyond what it collected). */
  carriedIn: Krw;
  payout: Krw;
  /** What this settlement could not deduct: taken off the shop's next one. */
  carriedOut: Krw;
}

/** Final: a closed settlement never changes; a late item or correction goes into the next one. */
export type SettlementClosed = DomainEvent<
  'SettlementClosed',
  SettlementFigures & {
    settlementId: string;
    merchantId: string;
    day: CalendarDate;
    items: SettlementItem[];
    closedAt: string;
    /** A rehearsal's settlement: computed like a real one, never paid out, never a donation. Absent on real ones. */
    rehearsalCampaignId?: string;
  }
>;

/**
 * A day's run went through every shop (real, or one rehearsal's): the next run after an outage
 * starts from the day after the last of these, so every missed day is settled once, in order.
 */
export type SettlementDaySettled = DomainEvent<
  'SettlementDaySettled',
  { day: CalendarDate; settlements: number; settledAt: string; rehearsalCampaignId?: string }
>;

export type SettlementEvent = SettlementClosed;
export const SETTLEMENT_EVENT_TYPES: SettlementEvent['type'][] = ['SettlementClosed'];
