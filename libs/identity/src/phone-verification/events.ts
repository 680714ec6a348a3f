import type { DomainEvent } from '@goodpay/event-store';

/** One stream per account: the phone numbers it proved it holds. */
export const phoneVerifiedStream = (userId: string): string => `verified-phone-${userId}`;

/** The account proved, by a one-time code, that it receives messages at the phone sealed under its subject. */
export type PhoneNumberVerified = DomainEvent<'PhoneNumberVerified', { userId: string; sealedPhone: string; verifiedAt: string }>;
