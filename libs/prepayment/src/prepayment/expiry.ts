import { addDays, type CalendarDate, seoulDate } from '@goodpay/shared';

/**
 * When a prepayment expires and when that is announced: the standard terms for prepaid
 * certificates (DOMAIN.md) as rules, here only. The expiry is stamped on the prepayment when it
 * is paid, from its campaign's `prepaidTerms.validityDays`, so a later change of terms never
 * moves a date a holder was told.
 */

/** The last day it can be used: `validityDays` after the purchase day (the purchase day not counted). */
export const expiryDateOf = (paidAt: string, validityDays: number): CalendarDate => addDays(seoulDate(paidAt), validityDays);

/** Expired on `today` once its last usable day is past. Prepayments made before expiries existed never expire. */
export const isExpiredOn = (expiresOn: CalendarDate | null, today: CalendarDate): boolean => expiresOn !== null && today > expiresOn;

/**
 * Days before the expiry that a holder is told, latest first: 30 days ahead (the terms'
 * announcement), 7 days ahead and on the day (the 2025 revision: at least three notices, one
 * of them 7 days before).
 */
export const EXPIRY_NOTICE_DAYS = [30, 7, 0] as const;
export type ExpiryNoticeDays = (typeof EXPIRY_NOTICE_DAYS)[number];

/**
 * The notice due on `today`, or null. Each notice is sent once; when days were missed (the
 * service was down), only the latest notice that is due goes out (a "30 days left" on the
 * 25th day before would be false), and the ones it overtook are never sent later.
 */
export function dueExpiryNotice(expiresOn: CalendarDate | null, today: CalendarDate, sent: readonly number[]): ExpiryNoticeDays | null {
  if (expiresOn === null || today > expiresOn) return null;
  const due = EXPIRY_NOTICE_DAYS.filter((days) => addDays(expiresOn, -days) <= today);
  if (due.length === 0) return null;
  const latest = due[due.length - 1];
  return sent.some((days) => days <= latest) ? null : latest;
}
