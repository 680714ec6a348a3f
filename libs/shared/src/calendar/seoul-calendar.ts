import { InvalidInputError } from '../errors/domain-error';

/**
 * Campaign days are Asia/Seoul calendar days. Asia/Seoul is UTC+9 all year (Korea has had
 * no daylight saving time since 1988), so plain arithmetic on the UTC instant is exact.
 *
 * These helpers would sit in libs/shared; they live here because the campaign library is
 * the lowest of the domain libraries, and every other one already depends on it.
 */

/** A Seoul calendar day, 'YYYY-MM-DD'. Such strings sort and compare like the days they name. */
export type CalendarDate = string;
/** A Seoul calendar month, 'YYYY-MM'. */
export type CalendarMonth = string;

const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
/** An instant must name its zone: a bare local time would be read in the server's zone. */
const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string' || !DATE_SHAPE.test(value)) return false;
  const midnight = new Date(`${value}T00:00:00Z`);
  // Rejects 2025-02-30 and the like, which Date would roll over into March.
  return !Number.isNaN(midnight.getTime()) && midnight.toISOString().startsWith(value);
}

/** The value as a calendar date, or an InvalidInputError naming the field. */
export function calendarDate(value: unknown, field = 'date'): CalendarDate {
  if (!isCalendarDate(value)) {
    throw new InvalidInputError(`${field} must be a calendar date YYYY-MM-DD`, { field, value }, 'invalid_date');
  }
  return value;
}

export function isInstant(value: unknown): value is string {
  return !Number.isNaN(instantMsOrNaN(value));
}

/** The instant's epoch milliseconds, NaN when it is not an instant with a zone: its text parsed once. */
function instantMsOrNaN(value: unknown): number {
  return typeof value === 'string' && INSTANT_SHAPE.test(value) ? Date.parse(value) : NaN;
}

function instantMs(isoInstant: string): number {
  const ms = instantMsOrNaN(isoInstant);
  if (Number.isNaN(ms)) {
    throw new InvalidInputError('time must be an ISO 8601 instant with a zone', { value: isoInstant }, 'invalid_instant');
  }
  return ms;
}

const twoDigits = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * The Seoul calendar day an instant falls on: '2025-01-12T15:00:00Z' is '2025-01-13'. Built from
 * the date's fields rather than sliced from toISOString: a projection asks this of every money
 * event of a backlog, and the ISO text cost three times as much.
 */
export function seoulDate(isoInstant: string): CalendarDate {
  const day = new Date(instantMs(isoInstant) + SEOUL_OFFSET_MS);
  return `${String(day.getUTCFullYear()).padStart(4, '0')}-${twoDigits(day.getUTCMonth() + 1)}-${twoDigits(day.getUTCDate())}`;
}

/** The Seoul calendar month an instant falls in, 'YYYY-MM'. */
export function seoulMonth(isoInstant: string): CalendarMonth {
  return seoulDate(isoInstant).slice(0, 7);
}

/** The calendar day `days` after `date` (before, if negative). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(Date.parse(`${calendarDate(date)}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
