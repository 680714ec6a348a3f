import type { KrwFigure } from '@goodpay/shared';
import type { PayoutStatus } from '../payout/decider';
import type { SettlementItemKind } from '../settlement/events';

/** Money here is exact (bigint): a read must answer whatever the log holds. */
export interface SettlementView {
  settlementId: string;
  /** A rehearsal's settlement (computed, never paid out); null for a real one. */
  rehearsalCampaignId: string | null;
  /** The mark every answer of a rehearsal carries (RehearsalMark in @goodpay/campaign). */
  isRehearsal: boolean;
  merchantId: string;
  merchantName: string | null;
  day: string;
  itemCount: number;
  collected: KrwFigure;
  refunded: KrwFigure;
  feeBasisPoints: number;
  fee: KrwFigure;
  pledge: KrwFigure;
  carriedIn: KrwFigure;
  payout: KrwFigure;
  carriedOut: KrwFigure;
  closedAt: string;
  /** null when nothing was to be paid (payout 0). */
  payoutStatus: PayoutStatus | null;
}

export interface StatementItem {
  itemId: string;
  kind: SettlementItemKind;
  prepaymentId: string;
  amount: KrwFigure;
  occurredAt: string;
  day: string;
}

export interface PayoutView {
  settlementId: string;
  merchantId: string;
  merchantName: string | null;
  amount: KrwFigure;
  status: PayoutStatus;
  round: number;
  failedAttempts: number;
  lastError: string | null;
  transferId: string | null;
  scheduledAt: string;
  paidAt: string | null;
  updatedAt: string;
}

/** A settlement with the prepayments and refunds it settled, and its payout. */
export interface SettlementStatement extends SettlementView {
  merchantOwnerId: string | null;
  items: StatementItem[];
  payoutDetail: PayoutView | null;
}

export interface SettlementPage {
  items: SettlementView[];
  total: number;
  limit: number;
  offset: number;
}

export interface ReconciliationFigures {
  /** Summed from the items each settlement claimed, not copied from the settlement. */
  collected: KrwFigure;
  refunded: KrwFigure;
  fee: KrwFigure;
  pledge: KrwFigure;
  carriedIn: KrwFigure;
  carriedOut: KrwFigure;
  payout: KrwFigure;
  /** Of `payout`, what the bank confirmed. */
  paid: KrwFigure;
  /** collected + carriedOut - (payout + fee + pledge + refunded + carriedIn): 0 when it adds up. */
  difference: KrwFigure;
}

export interface ReconciliationLine extends ReconciliationFigures {
  settlementId: string;
  merchantId: string;
  merchantName: string | null;
  payoutStatus: PayoutStatus | null;
}

/** A day's settlements: collected = payouts + fees + donations + refunds carried, to the won. */
export interface Reconciliation {
  day: string;
  lines: ReconciliationLine[];
  totals: ReconciliationFigures;
  balanced: boolean;
  /** Items of this day that no settlement has claimed yet (late ones go to the next). */
  unsettled: { count: number; collected: KrwFigure; refunded: KrwFigure };
  /** Items of earlier days still unsettled, listed apart (at most 500), oldest first. */
  olderUnsettled: { itemId: string; merchantId: string; kind: 'collected' | 'refunded'; amount: KrwFigure; day: string }[];
  /** Present when this is a rehearsal's reconciliation. */
  rehearsalCampaignId?: string;
  isRehearsal: boolean;
}
