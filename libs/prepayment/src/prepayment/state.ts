import type { MerchantCategory } from '@goodpay/merchant';
import { NotFoundError, type Krw } from '@goodpay/shared';
import type { CalendarDate } from '@goodpay/shared';
import {
  type FreezeReason,
  type Payer,
  type PaymentChannel,
  type PaymentReference,
  type PrepaymentEvent,
  payoutOf,
  type RefundReturnRoute,
} from './events';
import type { RefundBasis } from './refund-policy';

/**
 * awaiting_payment: a platform order whose payment is not confirmed (nothing to redeem);
 * order_cancelled: such an order, given up: final;
 * active: something left; exhausted: all used (a cancellation makes it active again); refunded: final.
 */
export type PrepaymentStatus = 'awaiting_payment' | 'order_cancelled' | 'active' | 'exhausted' | 'refunded';

export interface Prepayment {
  status: PrepaymentStatus;
  prepaymentId: string;
  code: string;
  channel: PaymentChannel;
  /** Whom it counts for; null while a prepayment at the shop is unclaimed. */
  payer: Payer | null;
  /** At the shop: the payer the shop named, the only one who may claim it. */
  namedPayer: Payer | null;
  /** Platform only: the provider's payment, and whether the server has confirmed it. */
  payment: PaymentReference | null;
  paymentConfirmed: boolean;
  orderCancelled: boolean;
  merchantId: string;
  merchantCategory: MerchantCategory;
  merchantDistrict: string;
  campaignId: string;
  /** Face value. */
  amount: Krw;
  /** Redeemed and not cancelled. */
  redeemed: Krw;
  refunded: Krw;
  /** amount - redeemed - refunded, never negative. */
  balance: Krw;
  paidAt: string;
  /** Its last usable day; null for prepayments made before expiries existed. */
  expiresOn: CalendarDate | null;
  /** Expiry notices sent, as days before the expiry. */
  expiryNoticesSent: number[];
  /** Set while its shop is closed or suspended: nothing can be redeemed. */
  frozen: FreezeReason | null;
  /** Once its campaign ended with a balance left: whether the holder may keep using it, and chose to. */
  campaignEnd: { keepAllowed: boolean; kept: boolean } | null;
  refundRequest: { basis: RefundBasis; percent: number; requestedAt: string } | null;
  /** Once refunded: the balance taken off, what went back to the payer, and how it reached them (null until it did). */
  refund: { amount: Krw; payout: Krw; returnedBy: RefundReturnRoute | null } | null;
}

export type PrepaymentState = { status: 'none' } | Prepayment;

export const initialPrepaymentState = (): PrepaymentState => ({ status: 'none' });

/** Balance and status follow from the amounts, here only, so they can never disagree with them. */
function settle(prepayment: Prepayment): Prepayment {
  // An unconfirmed payment is no money yet: nothing to redeem.
  if (!prepayment.paymentConfirmed) {
    return { ...prepayment, balance: 0, status: prepayment.orderCancelled ? 'order_cancelled' : 'awaiting_payment' };
  }
  const balance = prepayment.amount - prepayment.redeemed - prepayment.refunded;
  // A refund is always of a positive balance, so anything refunded means refunded.
  const status = prepayment.refunded > 0 ? 'refunded' : balance === 0 ? 'exhausted' : 'active';
  return { ...prepayment, balance, status };
}

export function evolvePrepayment(state: PrepaymentState, event: PrepaymentEvent): PrepaymentState {
  if (event.type === 'PrepaymentOrdered' || event.type === 'PrepaymentMade') {
    const { prepaymentId, code, payer, merchantId, merchantCategory, merchantDistrict, campaignId, amount, paidAt, channel } = event.data;
    const made = event.type === 'PrepaymentMade';
    const payment = made ? event.data.paymentConfirmation : event.data.payment;
    const namedPayer = made ? (event.data.namedPayer ?? null) : null;
    // An order's confirmation keeps the expiry stamped when it was ordered.
    const expiresOn = event.data.expiresOn ?? (state.status === 'none' ? null : state.expiresOn);
    const fresh = {
      prepaymentId,
      code,
      channel,
      payer,
      namedPayer,
      merchantId,
      merchantCategory,
      merchantDistrict,
      campaignId,
      amount,
      paidAt,
    };
    return settle({
      ...fresh,
      payment: payment && { provider: payment.provider, externalReference: payment.externalReference },
      paymentConfirmed: made,
      orderCancelled: false,
      status: 'active',
      redeemed: 0,
      refunded: 0,
      balance: amount,
      expiresOn,
      expiryNoticesSent: [],
      frozen: null,
      campaignEnd: null,
      refundRequest: null,
      refund: null,
    });
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'PrepaymentClaimed':
      return { ...state, payer: event.data.payer };
    case 'PrepaymentOrderCancelled':
      return settle({ ...state, orderCancelled: true });
    // Only the sum: a cancellation reads the one redemption it names from the stream (redemption.ts).
    case 'PrepaymentRedeemed':
      return settle({ ...state, redeemed: state.redeemed + event.data.amount });
    case 'RedemptionCancelled':
      return settle({ ...state, redeemed: state.redeemed - event.data.amount });
    case 'RefundRequested':
      return {
        ...state,
        refundRequest: { basis: event.data.basis, percent: event.data.percent ?? 100, requestedAt: event.data.requestedAt },
      };
    case 'PrepaymentRefunded':
      return settle({
        ...state,
        refunded: state.refunded + event.data.amount,
        refundRequest: null,
        refund: { amount: event.data.amount, payout: payoutOf(event.data), returnedBy: null },
      });
    case 'RefundCancelledAtGateway':
      return state.refund ? { ...state, refund: { ...state.refund, returnedBy: 'gateway' } } : state;
    case 'RefundPaidAtCounter':
      return state.refund ? { ...state, refund: { ...state.refund, returnedBy: 'counter' } } : state;
    case 'ExpiryNoticeDue':
      return { ...state, expiryNoticesSent: [...state.expiryNoticesSent, event.data.daysBefore] };
    case 'CampaignEndChoiceOffered':
      return { ...state, campaignEnd: { keepAllowed: event.data.keepAllowed, kept: false } };
    case 'BalanceKeptAfterCampaign':
      return state.campaignEnd ? { ...state, campaignEnd: { ...state.campaignEnd, kept: true } } : state;
    case 'PrepaymentFrozen':
      return { ...state, frozen: event.data.reason };
    case 'PrepaymentUnfrozen':
      return { ...state, frozen: null };
  }
}

/** The prepayment, or prepayment_not_found. */
export function existingPrepayment(state: PrepaymentState, prepaymentId: string): Prepayment {
  if (state.status === 'none') throw new NotFoundError('prepayment', prepaymentId);
  return state;
}
