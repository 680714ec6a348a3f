import { InvalidInputError } from '@goodpay/shared';

/** Who gives to the community chest: a citizen (their cashback) or a donation-angel merchant (its pledge). */
export const DONOR_TYPES = ['citizen', 'merchant'] as const;
export type DonorType = (typeof DONOR_TYPES)[number];

/** A donor: a citizen by their user id (the token subject), a merchant by its merchant id. */
export interface DonorRef {
  type: DonorType;
  id: string;
}

/**
 * One stream per donor holds the donor's donations and the receipts that claim them, so
 * "every donated won on exactly one receipt" and the cashback cap are each decided on one
 * stream at one version.
 */
export const donorStream = (donor: DonorRef): string => `donor-${donor.type}-${donor.id}`;

export function donorRef(type: unknown, id: unknown): DonorRef {
  if (!DONOR_TYPES.includes(type as DonorType)) {
    throw new InvalidInputError('a donor is a citizen or a merchant', { field: 'donorType', value: type }, 'invalid_donor');
  }
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) {
    throw new InvalidInputError('a donor needs an id', { field: 'donorId' }, 'invalid_donor');
  }
  return { type: type as DonorType, id };
}

/**
 * How a citizen appears on a receipt or a list: their id masked, never their name (which only
 * the personal-data vault holds). Keeps the first two and last two characters: `ci*****01`.
 */
export function maskedDonorId(id: string): string {
  if (id.length <= 4) return `${'*'.repeat(Math.max(id.length - 1, 1))}${id.slice(-1)}`;
  return `${id.slice(0, 2)}${'*'.repeat(Math.min(id.length - 4, 12))}${id.slice(-2)}`;
}
