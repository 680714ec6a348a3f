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
export type PayoutRetried = DomainEvent<
  'PayoutRetried',
  { settlementId: string; round: number; retriedBy: string; retriedAt: string }
>;

/** The bank confirmed the transfer; final. */
export type PayoutPaid = DomainEvent<
  'PayoutPaid',
  { settlementId: string; merchantId: string; amount: Krw; transferId: string; round: number; paidAt: string }
>;

export type PayoutEvent = PayoutScheduled | PayoutAttemptFailed | PayoutRetried | PayoutPaid;

const payoutEventTypes: Record<PayoutEvent['type'], true> = {
  PayoutScheduled: true,
  PayoutAttemptFailed: true,
  PayoutRetried: true,
  PayoutPaid: true,
};
export const PAYOUT_EVENT_TYPES = Object.keys(payoutEventTypes) as PayoutEvent['type'][];
