import type { CalendarDate } from '@goodpay/shared';
import type { KrwFigure } from '@goodpay/shared';
import type { PayerKind, PaymentChannel } from '../prepayment/events';

/** What the queries answer: plain objects, money as exact whole-won bigints (KrwFigure), times as ISO strings. */

/**
 * awaiting_payment: a platform order whose payment the server has not confirmed, nothing to redeem
 * yet; order_cancelled: such an order, given up.
 */
export type PrepaymentViewStatus = 'awaiting_payment' | 'order_cancelled' | 'active' | 'exhausted' | 'refund_requested' | 'refunded';

export interface PrepaymentView {
  prepaymentId: string;
  code: string;
  /** Null while a prepayment at the shop is unclaimed: it is the counter customer's. */
  payerId: string | null;
  payerKind: PayerKind | null;
  merchantId: string;
  /** From the merchant events; null until the ledger has seen the merchant register. */
  merchantName: string | null;
  /** The user who runs the shop (merchant events); null like the name. */
  merchantOwnerId: string | null;
  campaignId: string;
  merchantCategory: string;
  merchantDistrict: string;
  channel: PaymentChannel;
  amount: KrwFigure;
  /** Redeemed and not cancelled. */
  redeemed: KrwFigure;
  refunded: KrwFigure;
  balance: KrwFigure;
  status: PrepaymentViewStatus;
  refundBasis: string | null;
  refundRequestedAt: string | null;
  refundedAt: string | null;
  paidAt: string;
  updatedAt: string;
}

export interface RedemptionView {
  redemptionId: string;
  amount: KrwFigure;
  redeemedAt: string;
  /** The Seoul calendar day it counts on in the merchant's ledger. */
  seoulDay: CalendarDate;
  cancelledAt: string | null;
}

export interface PrepaymentDetail extends PrepaymentView {
  /** Oldest first, cancelled ones included (with cancelledAt). */
  redemptions: RedemptionView[];
}

export interface WalletTotals {
  count: number;
  amount: KrwFigure;
  redeemed: KrwFigure;
  refunded: KrwFigure;
  balance: KrwFigure;
}

export interface Wallet {
  payerId: string;
  /** Newest first, unpaid orders included (status awaiting_payment or order_cancelled, balance 0). */
  items: PrepaymentView[];
  /** Of the paid prepayments only. */
  totals: WalletTotals;
}

export interface LedgerFigures {
  prepaidAmount: KrwFigure;
  prepaidCount: number;
  /** Net of cancellations, on the redemption's own Seoul day. */
  redeemedAmount: KrwFigure;
  redemptionCount: number;
  refundedAmount: KrwFigure;
  refundCount: number;
}

export interface LedgerDay extends LedgerFigures {
  day: CalendarDate;
}

export interface MerchantLedger {
  merchantId: string;
  merchant: { name: string; ownerId: string; category: string; district: string; status: string } | null;
  from: CalendarDate | null;
  to: CalendarDate | null;
  /** Days with any activity in the range, oldest first. */
  days: LedgerDay[];
  /** The days' sums. */
  totals: LedgerFigures;
  /** What the shop still owes in service: the sum of its prepayments' balances, now (not limited to the range). */
  outstandingLiability: KrwFigure;
  /** Its prepayments with something left. */
  openPrepayments: number;
}

export interface BreakdownRow {
  key: string;
  prepaymentCount: number;
  prepaidAmount: KrwFigure;
  redeemedAmount: KrwFigure;
  refundedAmount: KrwFigure;
}

export interface CampaignDashboard {
  campaignId: string;
  /** A rehearsal's dashboard: its own figures, never in the real ones. */
  isRehearsal: boolean;
  /** From the campaign's events; null if its creation has not been seen (never, in practice). */
  campaign: { name: string; startsOn: CalendarDate; endsOn: CalendarDate; closedOn: CalendarDate | null } | null;
  target: { participants: number; amount: KrwFigure } | null;
  participants: { citizens: number; organisations: number; total: number };
  prepaymentCount: number;
  /** The sum of all prepaid amounts: cash brought forward into local shops. */
  amountBroughtForward: KrwFigure;
  redeemed: KrwFigure;
  refunded: KrwFigure;
  /** amountBroughtForward - redeemed - refunded: still to be served by the shops. */
  outstanding: KrwFigure;
  byCategory: BreakdownRow[];
  byDistrict: BreakdownRow[];
  /** Running totals at the end of each Seoul day with a first participant or a prepayment, oldest first: the campaign over time. */
  byDay: { day: CalendarDate; participants: number; prepaidAmount: KrwFigure }[];
  /** Percent of the target reached, to two decimals; null without a target (or a zero one). */
  progress: { participantsPercent: number | null; amountPercent: number | null };
}
