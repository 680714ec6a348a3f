export const ROLES = ['citizen', 'organisation', 'merchant', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who issues a command. `id` is the subject of the bearer token. A merchant actor also
 * carries the merchant it acts for; `system` is the workers and scheduled jobs.
 */
export interface Actor {
  id: string;
  role: Role | 'system';
  merchantId?: string;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };

/**
 * What a user id (a bearer token's subject) may be: 1 to 128 of the letters A-Z a-z, digits and
 * `. _ : @ -`. Conservative on purpose: the id lands in events, table keys, logs, rate-limit
 * keys and printed receipts, so no spaces, control characters, markup or quotes, and no
 * unbounded length. Identity providers' subjects (numbers, UUIDs, `provider:123`) fit.
 */
export const USER_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;

export const isUserId = (value: unknown): value is string => typeof value === 'string' && USER_ID_PATTERN.test(value);
