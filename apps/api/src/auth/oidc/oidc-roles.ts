import type { Role } from '@goodpay/shared';

/** Which role wins when a token's role claim names several: the one that may do the most. */
const PRECEDENCE: readonly Role[] = ['staff', 'organisation', 'merchant'];

/** `staff=campaign-staff|office,merchant=shop-owner` -> staff: [campaign-staff, office], merchant: [shop-owner]. */
export type RoleValues = Partial<Record<Role, string[]>>;

export function parseRoleValues(setting: string): RoleValues {
  const values: RoleValues = {};
  for (const pair of setting
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [role, list] = pair.split('=') as [Role, string];
    values[role] = list
      .split('|')
      .map((v) => v.trim())
      .filter(Boolean);
  }
  return values;
}

/** The value at a dotted path (`realm_access.roles`) of the claims, if any. */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The goodpay role of a verified identity-provider token. Everyone who signs in is a citizen;
 * staff, organisation and merchant come only from `claim` (a claim the provider's
 * administrator sets, e.g. a group membership) carrying one of the values configured for the
 * role. A `role` claim the token happens to carry, or any claim not configured here, counts
 * for nothing: what a person can write about themselves at the provider must never make them
 * staff.
 */
export function roleOf(claims: Record<string, unknown>, claim: string, values: RoleValues): Role {
  if (!claim) return 'citizen';
  const raw = claimAt(claims, claim);
  const held = new Set((Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string'));
  return PRECEDENCE.find((role) => values[role]?.some((value) => held.has(value))) ?? 'citizen';
}
