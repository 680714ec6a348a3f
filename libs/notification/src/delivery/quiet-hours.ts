/**
 * No promotional message at night: 21:00 to 08:00 Asia/Seoul (the Korean rule for advertising
 * messages). Seoul is UTC+9 all year, so plain arithmetic on the instant is exact.
 */
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

const HOUR_MS = 60 * 60 * 1000;
const SEOUL_OFFSET_MS = 9 * HOUR_MS;

/** The end of the quiet hours `at` falls in (the next 08:00 in Seoul), or null in the daytime. */
export function quietUntil(at: Date): Date | null {
  const seoul = new Date(at.getTime() + SEOUL_OFFSET_MS);
  const hour = seoul.getUTCHours();
  if (hour >= QUIET_UNTIL_HOUR && hour < QUIET_FROM_HOUR) return null;
  const eightToday = Date.UTC(seoul.getUTCFullYear(), seoul.getUTCMonth(), seoul.getUTCDate(), QUIET_UNTIL_HOUR);
  const eight = hour >= QUIET_FROM_HOUR ? eightToday + 24 * HOUR_MS : eightToday;
  return new Date(eight - SEOUL_OFFSET_MS);
}
