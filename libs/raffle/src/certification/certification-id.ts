import { createHash } from 'node:crypto';

/**
 * The certification of an in-system prepayment has an id derived from the prepayment, so its
 * stream can be created once only: a prepayment certified again (with another phone, say)
 * meets the existing stream and is refused, and cannot enter two persons.
 */
export function certificationIdForPrepayment(prepaymentId: string): string {
  const hex = createHash('sha256').update(`goodpay/raffle/certification:${prepaymentId}`).digest('hex');
  // UUID-shaped (version nibble 5, RFC 4122 variant) so it travels like every other id.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
