import { InvalidInputError } from '../errors/domain-error';
import type { KrwLimit } from './limits';

/**
 * Money is whole Korean won, never a fraction, never floating point. Two shapes:
 *
 * - `Krw` (a JS number): one amount a command or an event carries. Every command bounds it
 *   by its maximum in KRW_LIMITS (all far below 2^53), so it is always a safe integer.
 * - `KrwFigure` (a bigint): anything summed or folded from the log, and every amount a read
 *   endpoint answers. Exact whatever the log holds, including events written before the
 *   maxima existed; PostgreSQL stores bigint columns and sums them as numeric, read here
 *   from their text.
 *
 * HTTP answers write both as JSON integers, digit for digit (apps/api, exact-json).
 */
export type Krw = number;
export type KrwFigure = bigint;

export function isKrw(value: unknown): value is Krw {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * A positive whole amount of won at most `limit.max`, or an InvalidInputError naming the
 * field (`code`, by default `invalid_input`). The one check every command amount passes.
 */
export function positiveKrw(value: unknown, limit: KrwLimit, field = 'amount', code = 'invalid_input'): Krw {
  if (!isKrw(value) || value <= 0) {
    throw new InvalidInputError(`${field} must be a positive whole number of won`, { field, value }, code);
  }
  if (value > limit.max) {
    throw new InvalidInputError(`${field} must be at most ${limit.max} won (${limit.name})`, { field, max: limit.max }, code);
  }
  return value;
}

/**
 * One movement's amount read back for a decision (a bigint column as text): a safe integer,
 * which every amount a command accepted is. Reads for answers use krwFigure instead.
 */
export function krwFromDb(value: string | number | null | undefined): Krw {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`amount out of safe range: ${value}`);
  return n;
}

const WHOLE = /^-?\d+$/;

/**
 * An exact figure from PostgreSQL (bigint or numeric as text), from an event, or a Krw: never
 * rounded, never refused for its size. null (an empty SUM) is 0.
 */
export function krwFigure(value: string | number | bigint | null | undefined): KrwFigure {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`not a whole number of won: ${value}`);
    // An integer number past 2^53 is already rounded; BigInt keeps what is left exactly.
    return BigInt(value);
  }
  if (!WHOLE.test(value)) throw new Error(`not a whole number of won: ${value}`);
  return BigInt(value);
}

/** The exact sum of amounts or figures. */
export function sumKrw(amounts: Iterable<Krw | KrwFigure>): KrwFigure {
  let total = 0n;
  for (const amount of amounts) total += typeof amount === 'bigint' ? amount : krwFigure(amount);
  return total;
}

/** Share of an amount in basis points, rounded down to the won (the payer never loses a fraction). */
export function percentOf(amount: Krw, basisPoints: number): Krw {
  return Math.floor((amount * basisPoints) / 10_000);
}
