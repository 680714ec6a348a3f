import { addDays, type CalendarDate, seoulDate } from '@goodpay/shared';
import type { Krw } from '@goodpay/shared';

/**
 * When an unused balance may be refunded: the Korean standard terms for prepaid
 * certificates (DOMAIN.md), plus the campaigns' own promises. Whatever the reason, the
 * refund is the whole remaining balance, and it is refunded once.
 */
export const REFUND_BASES = ['merchant_closed', 'campaign_ended', 'within_7_days', 'mostly_used'] as const;
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

export interface RefundCircumstances {
  today: CalendarDate;
  /** The shop closed: Jeonju compensated prepayers whose shop closed before the balance was used. */
  merchantClosed: boolean;
  /** The campaign is over (closed or past its last day): what is left goes back to the payer. */
  campaignEnded: boolean;
}

/** Why the balance may be refunded now, or null if it may not; the first reason that holds is given. */
export function refundBasis(
  prepayment: { amount: Krw; redeemed: Krw; paidAt: string },
  circumstances: RefundCircumstances,
): RefundBasis | null {
  if (circumstances.merchantClosed) return 'merchant_closed';
  if (circumstances.campaignEnded) return 'campaign_ended';
  if (circumstances.today <= lastFullRefundDay(prepayment.paidAt)) return 'within_7_days';
  // Whole-won arithmetic: used / amount >= percent / 100, without a fraction.
  if (prepayment.redeemed * 100 >= prepayment.amount * requiredUsePercent(prepayment.amount)) return 'mostly_used';
  return null;
}
