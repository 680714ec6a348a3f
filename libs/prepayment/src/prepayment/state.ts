import { NotFoundError, type Krw } from '@goodpay/shared';
import type { Payer, PrepaymentEvent } from './events';
import type { RefundBasis } from './refund-policy';

export interface Redemption {
  amount: Krw;
  /** When it was redeemed: it can be cancelled on that Seoul day only. */
  at: string;
  cancelled: boolean;
}

/** active: something left; exhausted: all used (a cancellation makes it active again); refunded: final. */
export type PrepaymentStatus = 'active' | 'exhausted' | 'refunded';

export interface Prepayment {
  status: PrepaymentStatus;
  prepaymentId: string;
  code: string;
  payer: Payer;
  merchantId: string;
  campaignId: string;
  /** Face value. */
  amount: Krw;
  /** Redeemed and not cancelled. */
  redeemed: Krw;
  refunded: Krw;
  /** amount - redeemed - refunded, never negative. */
  balance: Krw;
  paidAt: string;
  redemptions: Record<string, Redemption>;
  refundRequest: { basis: RefundBasis; requestedAt: string } | null;
}

export type PrepaymentState = { status: 'none' } | Prepayment;

export const initialPrepaymentState = (): PrepaymentState => ({ status: 'none' });

/** Balance and status follow from the amounts, here only, so they can never disagree with them. */
function settle(prepayment: Prepayment): Prepayment {
  const balance = prepayment.amount - prepayment.redeemed - prepayment.refunded;
  // A refund is always of a positive balance, so anything refunded means refunded.
  const status = prepayment.refunded > 0 ? 'refunded' : balance === 0 ? 'exhausted' : 'active';
  return { ...prepayment, balance, status };
}

export function evolvePrepayment(state: PrepaymentState, event: PrepaymentEvent): PrepaymentState {
  if (event.type === 'PrepaymentMade') {
    const { prepaymentId, code, payer, merchantId, campaignId, amount, paidAt } = event.data;
    const fresh = { prepaymentId, code, payer, merchantId, campaignId, amount, paidAt };
    return settle({ ...fresh, status: 'active', redeemed: 0, refunded: 0, balance: amount, redemptions: {}, refundRequest: null });
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'PrepaymentRedeemed': {
      const { redemptionId, amount, redeemedAt } = event.data;
      const redemptions = { ...state.redemptions, [redemptionId]: { amount, at: redeemedAt, cancelled: false } };
      return settle({ ...state, redeemed: state.redeemed + amount, redemptions });
    }
    case 'RedemptionCancelled': {
      const { redemptionId, amount } = event.data;
      const redemptions = { ...state.redemptions, [redemptionId]: { ...state.redemptions[redemptionId], cancelled: true } };
      return settle({ ...state, redeemed: state.redeemed - amount, redemptions });
    }
    case 'RefundRequested':
      return { ...state, refundRequest: { basis: event.data.basis, requestedAt: event.data.requestedAt } };
    case 'PrepaymentRefunded':
      return settle({ ...state, refunded: state.refunded + event.data.amount, refundRequest: null });
  }
}

/** The prepayment, or prepayment_not_found. */
export function existingPrepayment(state: PrepaymentState, prepaymentId: string): Prepayment {
  if (state.status === 'none') throw new NotFoundError('prepayment', prepaymentId);
  return state;
}
