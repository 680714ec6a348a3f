import type { DomainEvent } from '@goodpay/event-store';
import type { CalendarDate } from '@goodpay/shared';

export const merchantStream = (merchantId: string): string => `merchant-${merchantId}`;

export const MERCHANT_CATEGORIES = ['restaurant', 'cafe', 'hair_salon', 'supermarket', 'market_stall', 'social_economy', 'other'] as const;
export type MerchantCategory = (typeof MERCHANT_CATEGORIES)[number];

/** A donation-angel pledge in basis points of sales: none, 1%, 3% or 5% (Jeonju's choices). */
export const DONATION_PLEDGE_BASIS_POINTS = [0, 100, 300, 500] as const;
export type DonationPledgeBasisPoints = (typeof DONATION_PLEDGE_BASIS_POINTS)[number];

export type MerchantRegistered = DomainEvent<
  'MerchantRegistered',
  {
    merchantId: string;
    /** The user who registered the shop and owns it. */
    ownerId: string;
    name: string;
    category: MerchantCategory;
    district: string;
    /** 10 bare digits. */
    businessRegistrationNumber: string;
    registeredAt: string;
  }
>;
export type MerchantApproved = DomainEvent<'MerchantApproved', { merchantId: string; approvedAt: string }>;
export type MerchantRejected = DomainEvent<'MerchantRejected', { merchantId: string; reason: string; rejectedAt: string }>;
export type MerchantSuspended = DomainEvent<'MerchantSuspended', { merchantId: string; reason: string; suspendedAt: string }>;
export type MerchantReinstated = DomainEvent<'MerchantReinstated', { merchantId: string; reason: string; reinstatedAt: string }>;
/** Final. Its prepayments become refundable in full (Jeonju compensated prepayers of closed shops). */
export type MerchantClosed = DomainEvent<
  'MerchantClosed',
  { merchantId: string; reason: string | null; closedAt: string; closedOn: CalendarDate }
>;
export type DonationPledgeSet = DomainEvent<
  'DonationPledgeSet',
  { merchantId: string; basisPoints: DonationPledgeBasisPoints; setAt: string }
>;

export type MerchantEvent =
  MerchantRegistered | MerchantApproved | MerchantRejected | MerchantSuspended | MerchantReinstated | MerchantClosed | DonationPledgeSet;

// A record rather than a list, so the compiler checks it names every event exactly once.
const merchantEventTypes: Record<MerchantEvent['type'], true> = {
  MerchantRegistered: true,
  MerchantApproved: true,
  MerchantRejected: true,
  MerchantSuspended: true,
  MerchantReinstated: true,
  MerchantClosed: true,
  DonationPledgeSet: true,
};
export const MERCHANT_EVENT_TYPES = Object.keys(merchantEventTypes) as MerchantEvent['type'][];
