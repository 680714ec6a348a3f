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
