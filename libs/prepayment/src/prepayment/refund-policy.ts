import { addDays, type CalendarDate, seoulDate } from '@goodpay/shared';
import type { Krw } from '@goodpay/shared';
import { isExpiredOn } from './expiry';

/**
 * When an unused balance may be refunded, and how much of it: the Korean standard terms for
 * prepaid certificates (DOMAIN.md) plus the campaign's own promises, here only. A refund takes
 * the whole remaining balance off the prepayment, once; `percent` of it goes back to the payer
 * (100 but after the expiry, or when the campaign compensates a shop's closure with less).
 */
export const REFUND_BASES = ['merchant_closed', 'campaign_ended', 'within_7_days', 'mostly_used', 'after_expiry'] as const;
export type RefundBasis = (typeof REFUND_BASES)[number];

/**
 * Days after the purchase day during which everything left is refundable. The purchase day
 * is not counted (Civil Act art. 157), so a prepayment of Jan 13 is fully refundable through
 * Jan 20, Seoul time, whether or not some of it was used.
 */
export const FULL_REFUND_DAYS = 7;

/** Share of the face value that must be used before the rest is refundable: 80% up to 10,000 won, else 60%. */
export const requiredUsePercent = (faceValue: Krw): number => (faceValue <= 10_000 ? 80 : 60);

export const lastFullRefundDay = (paidAt: string): CalendarDate => addDays(seoulDate(paidAt), FULL_REFUND_DAYS);

/** After the expiry the balance stays refundable for 5 years (the terms' limitation period). */
export const AFTER_EXPIRY_REFUND_YEARS = 5;
export const lastRefundDayAfterExpiry = (expiresOn: CalendarDate): CalendarDate => addDays(expiresOn, AFTER_EXPIRY_REFUND_YEARS * 365);

/** The 2025 revision: 90% of the balance is refundable after the expiry, 95% when the face value is above 50,000 won. */
export const afterExpiryRefundPercent = (faceValue: Krw): number => (faceValue > 50_000 ? 95 : 90);

export interface RefundCircumstances {
  today: CalendarDate;
  /** The shop closed or is suspended: Jeonju compensated prepayers whose shop closed before the balance was used. */
  merchantClosed: boolean;
  /** The campaign's compensation for a shop's closure (its prepaidTerms.shopClosure.refundPercent). */
  shopClosurePercent: number;
  /** The campaign is over (closed or past its last day): what is left goes back to the payer. */
  campaignEnded: boolean;
}

export interface RefundTerms {
  basis: RefundBasis;
  /** Share of the balance that goes back to the payer. */
  percent: number;
}

/**
 * Why the balance may be refunded now and how much of it goes back, or null if it may not.
 * Where several reasons hold, the payer gets the best of them (a shop that closes in the week
 * after the purchase does not lower the 7-day full refund).
 */
export function refundTerms(
  prepayment: { amount: Krw; redeemed: Krw; paidAt: string; expiresOn: CalendarDate | null },
  circumstances: RefundCircumstances,
): RefundTerms | null {
  const { today } = circumstances;
  const holding: RefundTerms[] = [];
  if (isExpiredOn(prepayment.expiresOn, today)) {
    // Past its expiry only the terms' rate is owed, for 5 years; then nothing.
    if (today > lastRefundDayAfterExpiry(prepayment.expiresOn!)) return null;
    return { basis: 'after_expiry', percent: afterExpiryRefundPercent(prepayment.amount) };
  }
  if (circumstances.merchantClosed) holding.push({ basis: 'merchant_closed', percent: circumstances.shopClosurePercent });
  if (circumstances.campaignEnded) holding.push({ basis: 'campaign_ended', percent: 100 });
  if (today <= lastFullRefundDay(prepayment.paidAt)) holding.push({ basis: 'within_7_days', percent: 100 });
  // Whole-won arithmetic: used / amount >= percent / 100, without a fraction.
  if (prepayment.redeemed * 100 >= prepayment.amount * requiredUsePercent(prepayment.amount)) {
    holding.push({ basis: 'mostly_used', percent: 100 });
  }
  return holding.reduce<RefundTerms | null>((best, terms) => (best === null || terms.percent > best.percent ? terms : best), null);
}

/**
 * What goes back to the payer of `balance` at `percent`: rounded up to the won, since the terms
 * say "at least" that share stays refundable. Exact for any safe integer balance.
 */
export function refundPayout(balance: Krw, percent: number): Krw {
  if (percent >= 100) return balance;
  return Math.floor(balance / 100) * percent + Math.ceil(((balance % 100) * percent) / 100);
}
