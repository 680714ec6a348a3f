import type { DomainEvent } from '@goodpay/event-store';
import type { MerchantCategory } from '@goodpay/merchant';
import type { Krw } from '@goodpay/shared';
import type { RefundBasis } from './refund-policy';

export const prepaymentStream = (prepaymentId: string): string => `prepayment-${prepaymentId}`;

export const PAYER_KINDS = ['citizen', 'organisation'] as const;
export type PayerKind = (typeof PAYER_KINDS)[number];

/** A citizen's user id, or an organisation's id; an actor acts as the payer when its id and role match. */
export interface Payer {
  id: string;
  kind: PayerKind;
}

/** Paid at the shop (the merchant records it) or through the platform (on a payment confirmation). */
export const PAYMENT_CHANNELS = ['at_shop', 'platform'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

export interface PaymentConfirmation {
  provider: string;
  externalReference: string;
}

export type PrepaymentMade = DomainEvent<
  'PrepaymentMade',
  {
    prepaymentId: string;
    code: string;
    payer: Payer;
    merchantId: string;
    campaignId: string;
    amount: Krw;
    channel: PaymentChannel;
    /** Present for platform payments only. */
    paymentConfirmation: PaymentConfirmation | null;
    /** The shop's category and district when paid: what the campaign dashboard counts by. */
    merchantCategory: MerchantCategory;
    merchantDistrict: string;
    paidAt: string;
  }
>;

export type PrepaymentRedeemed = DomainEvent<
  'PrepaymentRedeemed',
  { prepaymentId: string; merchantId: string; redemptionId: string; amount: Krw; balanceAfter: Krw; redeemedAt: string }
>;

export type RedemptionCancelled = DomainEvent<
  'RedemptionCancelled',
  { prepaymentId: string; merchantId: string; redemptionId: string; amount: Krw; balanceAfter: Krw; cancelledAt: string }
>;

/** The payer asked, and the terms allow it for `basis`. Redemptions stop until it is approved. */
export type RefundRequested = DomainEvent<
  'RefundRequested',
  { prepaymentId: string; payerId: string; merchantId: string; basis: RefundBasis; balance: Krw; requestedAt: string }
>;

/** The whole remaining balance went back to the payer; nothing more can be redeemed. */
export type PrepaymentRefunded = DomainEvent<
  'PrepaymentRefunded',
  {
    prepaymentId: string;
    payerId: string;
    merchantId: string;
    campaignId: string;
    amount: Krw;
    basis: RefundBasis;
    requestedAt: string;
    refundedAt: string;
  }
>;

export type PrepaymentEvent =
  | PrepaymentMade
  | PrepaymentRedeemed
  | RedemptionCancelled
  | RefundRequested
  | PrepaymentRefunded;

// A record rather than a list, so the compiler checks it names every event exactly once.
const prepaymentEventTypes: Record<PrepaymentEvent['type'], true> = {
  PrepaymentMade: true,
  PrepaymentRedeemed: true,
  RedemptionCancelled: true,
  RefundRequested: true,
  PrepaymentRefunded: true,
};
export const PREPAYMENT_EVENT_TYPES = Object.keys(prepaymentEventTypes) as PrepaymentEvent['type'][];
