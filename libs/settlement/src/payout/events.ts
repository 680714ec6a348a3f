import type { DomainEvent } from '@goodpay/event-store';
import type { Krw } from '@goodpay/shared';

/** One stream per payout, named by its settlement: a settlement is paid once, at most. */
export const payoutStream = (settlementId: string): string => `payout-${settlementId}`;

/** Appended with the SettlementClosed it pays, in the same transaction. */
export type PayoutScheduled = DomainEvent<
  'PayoutScheduled',
  { settlementId: string; merchantId: string; amount: Krw; scheduledAt: string }
>;

/**
 * A transfer attempt failed. `final` when it was the round's last attempt: the payout then
 * stays failed, visible to staff, until they retry it (a new round).
 */
export type PayoutAttemptFailed = DomainEvent<
  'PayoutAttemptFailed',
  { settlementId: string; round: number; attempt: number; reason: string; final: boolean; failedAt: string }
>;

/** Staff asked for another round of attempts after the payout failed. */
export type PayoutRetried = DomainEvent<'PayoutRetried', { settlementId: string; round: number; retriedBy: string; retriedAt: string }>;

/** The bank confirmed the transfer; final. */
export type PayoutPaid = DomainEvent<
  'PayoutPaid',
  { settlementId: string; merchantId: string; amount: Krw; transferId: string; round: number; paidAt: string }
>;

/**
 * The payout went out as row `row` of bulk-transfer file `fileId` (bank-file payouts). Until
 * the bank's result for that file says it failed, no other file may carry it.
 */
export type PayoutSentInFile = DomainEvent<
  'PayoutSentInFile',
  { settlementId: string; fileId: string; row: number; accountId: string; amount: Krw; sentAt: string }
>;

export type PayoutEvent = PayoutScheduled | PayoutAttemptFailed | PayoutRetried | PayoutPaid | PayoutSentInFile;

const payoutEventTypes: Record<PayoutEvent['type'], true> = {
  PayoutScheduled: true,
  PayoutAttemptFailed: true,
  PayoutRetried: true,
  PayoutPaid: true,
  PayoutSentInFile: true,
};
export const PAYOUT_EVENT_TYPES = Object.keys(payoutEventTypes) as PayoutEvent['type'][];
