import { InvalidInputError } from '@goodpay/shared';

/**
 * The code a payer shows or reads out at the shop: 8 characters of Crockford base32, which
 * has no I, L, O or U, so nothing reads as 1 or 0 or as a word. 40 bits: the handler keeps
 * codes unique (a clash is regenerated), and a merchant only ever looks up its own codes.
 */
export const PREPAYMENT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PREPAYMENT_CODE_LENGTH = 8;
const CODE_SHAPE = /^[0-9A-HJKMNP-TV-Z]{8}$/;

/**
 * A code from random bytes (crypto.randomBytes(8) in the handler): one character per byte.
 * 256 is a multiple of 32, so every character is equally likely.
 */
export function formatPrepaymentCode(randomBytes: Uint8Array): string {
  if (randomBytes.length < PREPAYMENT_CODE_LENGTH) {
    throw new RangeError(`a prepayment code needs ${PREPAYMENT_CODE_LENGTH} random bytes, got ${randomBytes.length}`);
  }
  return Array.from(randomBytes.subarray(0, PREPAYMENT_CODE_LENGTH), (byte) => PREPAYMENT_CODE_ALPHABET[byte % 32]).join('');
}

/** What someone typed, as the code they meant: case, spaces and dashes ignored; O read as 0, I and L as 1. */
export function normalisePrepaymentCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const isPrepaymentCode = (value: unknown): value is string => typeof value === 'string' && CODE_SHAPE.test(value);

/** The code as given, or invalid_prepayment_code (400). */
export function prepaymentCode(value: unknown): string {
  if (!isPrepaymentCode(value)) {
    throw new InvalidInputError(
      `code must be ${PREPAYMENT_CODE_LENGTH} characters of ${PREPAYMENT_CODE_ALPHABET}`,
      { field: 'code', value },
      'invalid_prepayment_code',
    );
  }
  return value;
}
