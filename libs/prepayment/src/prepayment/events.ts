import type { DomainEvent } from '@goodpay/event-store';
import type { MerchantCategory } from '@goodpay/merchant';
import type { Krw } from '@goodpay/shared';
import type { CalendarDate } from '@goodpay/shared';
import type { ExpiryNoticeDays } from './expiry';
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

/**
 * Who confirmed a platform payment on the server's side: the provider, asked by the server
 * (PaymentConfirmations), or the campaign office, reconciling with the provider's statement.
 */
export const PAYMENT_CONFIRMERS = ['provider', 'office'] as const;
export type PaymentConfirmer = (typeof PAYMENT_CONFIRMERS)[number];

/** The provider's payment, as the payer names it. Believed only once confirmed. */
export interface PaymentReference {
  provider: string;
  externalReference: string;
}

export interface PaymentConfirmation extends PaymentReference {
  /** Absent on prepayments made before payments were confirmed on the server (the client's word, kept as history). */
  confirmedBy?: PaymentConfirmer;
  confirmedAt?: string;
}

export type PrepaymentMade = DomainEvent<
  'PrepaymentMade',
  {
    prepaymentId: string;
    code: string;
    /**
     * Whom it counts for (wallet, monthly limit, raffle). Null for a prepayment at the shop
     * that the payer has not claimed yet: until then it is the counter customer's, redeemable by
     * its code (PrepaymentClaimed sets it).
     */
    payer: Payer | null;
    /** At the shop: whom the shop named; only they can claim it. Absent before claims existed. */
    namedPayer?: Payer;
    merchantId: string;
    campaignId: string;
    amount: Krw;
    channel: PaymentChannel;
    /** Present for platform payments only: made only once the payment is confirmed. */
    paymentConfirmation: PaymentConfirmation | null;
    /** The shop's category and district when paid: what the campaign dashboard counts by. */
    merchantCategory: MerchantCategory;
    merchantDistrict: string;
    paidAt: string;
    /** Its last usable day, stamped from the campaign's terms. Absent before expiries existed: never expires. */
    expiresOn?: CalendarDate;
  }
>;

/**
 * A platform prepayment ordered by its payer, awaiting the server-side confirmation of its
 * payment: nothing to redeem, settle or certify yet. Its confirmation is a PrepaymentMade with
 * the same data and `paymentConfirmation.confirmedBy`; the one metadata actor audits who did it.
 */
export type PrepaymentOrdered = DomainEvent<
  'PrepaymentOrdered',
  {
    prepaymentId: string;
    code: string;
    payer: Payer;
    merchantId: string;
    campaignId: string;
    amount: Krw;
    channel: 'platform';
    payment: PaymentReference;
    merchantCategory: MerchantCategory;
    merchantDistrict: string;
    /** When the payer paid (ordered): the prepayment's day for the monthly limit and the raffle. */
    paidAt: string;
    expiresOn?: CalendarDate;
  }
>;

/**
 * The payer (or staff) gave up an order whose payment was never confirmed: it will not be made,
 * and its amount leaves the payer's month. Its payment reference stays used.
 */
export type PrepaymentOrderCancelled = DomainEvent<
  'PrepaymentOrderCancelled',
  { prepaymentId: string; payer: Payer; campaignId: string; amount: Krw; paidAt: string; cancelledAt: string }
>;

/** The payer named at the shop claimed it with its code: from now on it counts for them. */
export type PrepaymentClaimed = DomainEvent<
  'PrepaymentClaimed',
  { prepaymentId: string; merchantId: string; campaignId: string; payer: Payer; amount: Krw; paidAt: string; claimedAt: string }
>;

export type PrepaymentRedeemed = DomainEvent<
  'PrepaymentRedeemed',
  { prepaymentId: string; merchantId: string; redemptionId: string; amount: Krw; balanceAfter: Krw; redeemedAt: string }
>;

export type RedemptionCancelled = DomainEvent<
  'RedemptionCancelled',
  { prepaymentId: string; merchantId: string; redemptionId: string; amount: Krw; balanceAfter: Krw; cancelledAt: string }
>;

/**
 * The payer asked (or the system, for the holders of a shop that closed), and the terms allow it
 * for `basis`. Redemptions stop until it is approved.
 */
export type RefundRequested = DomainEvent<
  'RefundRequested',
  {
    prepaymentId: string;
    payerId: string;
    merchantId: string;
    basis: RefundBasis;
    balance: Krw;
    /** Share of the balance that goes back to the payer (refund-policy.ts); absent before it could be less than 100. */
    percent?: number;
    /** Absent: the payer. */
    requestedBy?: 'payer' | 'system';
    requestedAt: string;
  }
>;

/** The whole remaining balance went back to the payer; nothing more can be redeemed. */
export type PrepaymentRefunded = DomainEvent<
  'PrepaymentRefunded',
  {
    prepaymentId: string;
    payerId: string;
    merchantId: string;
    campaignId: string;
    /** The whole remaining balance, taken off the prepayment. */
    amount: Krw;
    /** What goes back to the payer (less than `amount` after the expiry); absent: all of `amount`. */
    payout?: Krw;
    basis: RefundBasis;
    requestedAt: string;
    refundedAt: string;
  }
>;

/** What a refund returns to its payer: the payout where one was decided, else the whole amount. */
export const payoutOf = (refund: PrepaymentRefunded['data']): Krw => refund.payout ?? refund.amount;

/**
 * A notice of the coming expiry was due for a prepayment with a balance (30 and 7 days before,
 * and on the day): the notification planner tells its payer, once per notice.
 */
export type ExpiryNoticeDue = DomainEvent<
  'ExpiryNoticeDue',
  {
    prepaymentId: string;
    merchantId: string;
    campaignId: string;
    /** Null while an at-shop prepayment is unclaimed: nobody to tell. */
    payerId: string | null;
    daysBefore: ExpiryNoticeDays;
    expiresOn: CalendarDate;
    balance: Krw;
    noticedAt: string;
  }
>;

/**
 * The campaign ended with a balance left: its holder may keep using it (where the campaign's
 * terms allow) or have it refunded (basis campaign_ended). Without `keepAllowed`, redemptions stop.
 */
export type CampaignEndChoiceOffered = DomainEvent<
  'CampaignEndChoiceOffered',
  {
    prepaymentId: string;
    merchantId: string;
    campaignId: string;
    payerId: string | null;
    balance: Krw;
    keepAllowed: boolean;
    offeredAt: string;
  }
>;

/** The holder chose to keep using the balance after the campaign's end. */
export type BalanceKeptAfterCampaign = DomainEvent<'BalanceKeptAfterCampaign', { prepaymentId: string; payerId: string; keptAt: string }>;

export const FREEZE_REASONS = ['merchant_closed', 'merchant_suspended'] as const;
export type FreezeReason = (typeof FREEZE_REASONS)[number];

/** Its shop closed or was suspended: nothing can be redeemed until the shop is reinstated. */
export type PrepaymentFrozen = DomainEvent<
  'PrepaymentFrozen',
  { prepaymentId: string; merchantId: string; reason: FreezeReason; balance: Krw; frozenAt: string }
>;

/** Its suspended shop was reinstated: redeemable again (unless refunded meanwhile). */
export type PrepaymentUnfrozen = DomainEvent<'PrepaymentUnfrozen', { prepaymentId: string; merchantId: string; unfrozenAt: string }>;

/**
 * How a refund's money reached the payer: a platform payment is cancelled (fully or in part) at
 * its payment gateway; an at-shop prepayment's refund is paid by the shop at the counter.
 * Written after PrepaymentRefunded (the decision, and the intent to return the money), once.
 */
export const REFUND_RETURN_ROUTES = ['gateway', 'counter'] as const;
export type RefundReturnRoute = (typeof REFUND_RETURN_ROUTES)[number];

/** The gateway's cancellation of a refunded platform payment, as the gateway answered it. */
export type RefundCancelledAtGateway = DomainEvent<
  'RefundCancelledAtGateway',
  {
    prepaymentId: string;
    /** One refund per prepayment (a refund is final), so its id is derived from the prepayment's. */
    refundId: string;
    provider: string;
    paymentId: string;
    amount: Krw;
    /** The whole payment was cancelled (nothing was redeemed), rather than part of it. */
    full: boolean;
    /** The gateway's id of the cancellation, and the card company's where it gave one. */
    cancellationId: string;
    pgCancellationId: string | null;
    cancelledAt: string;
  }
>;

/** The shop paid an at-shop prepayment's refund back at its counter; its merchant or staff record it. */
export type RefundPaidAtCounter = DomainEvent<
  'RefundPaidAtCounter',
  { prepaymentId: string; refundId: string; merchantId: string; amount: Krw; paidAt: string }
>;

export type PrepaymentEvent =
  | PrepaymentOrdered
  | PrepaymentOrderCancelled
  | PrepaymentMade
  | PrepaymentClaimed
  | PrepaymentRedeemed
  | RedemptionCancelled
  | RefundRequested
  | PrepaymentRefunded
  | RefundCancelledAtGateway
  | RefundPaidAtCounter
  | ExpiryNoticeDue
  | CampaignEndChoiceOffered
  | BalanceKeptAfterCampaign
  | PrepaymentFrozen
  | PrepaymentUnfrozen;

// A record rather than a list, so the compiler checks it names every event exactly once.
const prepaymentEventTypes: Record<PrepaymentEvent['type'], true> = {
  PrepaymentOrdered: true,
  PrepaymentOrderCancelled: true,
  PrepaymentMade: true,
  PrepaymentClaimed: true,
  PrepaymentRedeemed: true,
  RedemptionCancelled: true,
  RefundRequested: true,
  PrepaymentRefunded: true,
  RefundCancelledAtGateway: true,
  RefundPaidAtCounter: true,
  ExpiryNoticeDue: true,
  CampaignEndChoiceOffered: true,
  BalanceKeptAfterCampaign: true,
  PrepaymentFrozen: true,
  PrepaymentUnfrozen: true,
};

/** A prepayment is refunded at most once (the refund is final), so this names its one refund. */
export const refundIdOf = (prepaymentId: string): string => `refund-${prepaymentId}`;
export const PREPAYMENT_EVENT_TYPES = Object.keys(prepaymentEventTypes) as PrepaymentEvent['type'][];
