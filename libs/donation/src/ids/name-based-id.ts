import { createHash } from 'node:crypto';

/**
 * A UUID that follows from a name (version 5 layout over SHA-256), as settlement ids do:
 * whatever derives it again (a retry, a rebuilt projection) names the same thing.
 */
export function nameBasedId(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The donation a settlement's pledge becomes: one per settlement, however often it is seen. */
export const pledgeDonationIdOf = (settlementId: string): string => nameBasedId(`goodpay:pledge-donation:${settlementId}`);

/** A receipt's id follows from its year and number, which are unique together. */
export const receiptIdOf = (year: number, number: number): string => nameBasedId(`goodpay:donation-receipt:${year}:${number}`);
