import { createHash } from 'node:crypto';
import type { CalendarDate } from '@goodpay/shared';

/**
 * A settlement's id follows from its shop and day (a name-based UUID, version 5 layout over
 * SHA-256): every run of the same day names the same settlement, and the bank transfer's
 * idempotency reference, which is this id, is the same on every retry.
 */
export function settlementIdOf(merchantId: string, day: CalendarDate): string {
  const bytes = createHash('sha256').update(`goodpay:settlement:${merchantId}:${day}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
