import type { DomainEvent } from '@goodpay/event-store';

/** One stream per account (user id): whom it has been verified to be. */
export const verifiedIdentityStream = (userId: string): string => `verified-identity-${userId}`;

/** One stream per verification id: a verification binds one account, once. */
export const identityVerificationStream = (verificationId: string): string => `identity-verification-${verificationId}`;

/**
 * The account `userId` was verified to be the person `personId`: the random subject the
 * personal-data vault's sealed index gives the verification's CI, the same for every account
 * of the same person. `sealed` holds the CI, name, birth date and phone, sealed under that
 * subject (erasing the person shreds it). No personal value is in clear.
 */
export type IdentityVerified = DomainEvent<
  'IdentityVerified',
  { userId: string; personId: string; verificationId: string; provider: string; sealed: string; verifiedAt: string; boundAt: string }
>;

/** Verification `verificationId` was used, by `userId`: a second use of the same id is refused. */
export type IdentityVerificationUsed = DomainEvent<'IdentityVerificationUsed', { verificationId: string; userId: string; usedAt: string }>;

export type VerifiedIdentityEvent = IdentityVerified;
