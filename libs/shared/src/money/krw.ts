import { InvalidInputError } from '../errors/domain-error';

/**
 * Money is whole Korean won. We carry it as a JS number restricted to safe integers
 * (|n| < 2^53, i.e. 9,007 trillion won: far beyond any campaign) so it travels as plain
 * JSON; PostgreSQL stores it as bigint. Never a float, never a fraction.
 */
export type Krw = number;

export function isKrw(value: unknown): value is Krw {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** A positive whole amount of won, or an InvalidInputError naming the field. */
export function positiveKrw(value: unknown, field = 'amount'): Krw {
  if (!isKrw(value) || value <= 0) {
    throw new InvalidInputError(`${field} must be a positive whole number of won`, { field, value });
  }
  return value;
}

/** PostgreSQL returns bigint columns as strings; turn them back into safe integers. */
export function krwFromDb(value: string | number | null | undefined): Krw {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`amount out of safe range: ${value}`);
  return n;
}

/** Share of an amount in basis points, rounded down to the won (the payer never loses a fraction). */
export function percentOf(amount: Krw, basisPoints: number): Krw {
  return Math.floor((amount * basisPoints) / 10_000);
}
