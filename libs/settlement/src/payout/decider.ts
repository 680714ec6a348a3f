import type { Decider } from '@goodpay/event-store';
import { type Actor, ForbiddenError, type Krw, KRW_LIMITS, NotFoundError, positiveKrw, RuleViolationError } from '@goodpay/shared';
import type { PayoutEvent } from './events';

/**
 * scheduled -> paid | failed; failed -> retried (by staff) -> paid | failed. Attempts that fail
 * before the round's last one leave it scheduled (or retried): BullMQ tries again with backoff.
 */
export type PayoutStatus = 'scheduled' | 'failed' | 'retried' | 'paid';

export interface Payout {
  status: PayoutStatus;
  settlementId: string;
  merchantId: string;
  amount: Krw;
  /** 1 for the scheduled attempts, +1 for each staff retry: a job works for one round only. */
  round: number;
  failedAttempts: number;
  /** The bulk-transfer file it is out in, awaiting the bank's result; null when in none. */
  inFile: { fileId: string; row: number } | null;
}

export type PayoutState = { status: 'none' } | Payout;

export interface SchedulePayout {
  type: 'SchedulePayout';
  settlementId: string;
  merchantId: string;
  amount: Krw;
  now: string;
}

export interface RecordPayoutAttemptFailed {
  type: 'RecordPayoutAttemptFailed';
  settlementId: string;
  round: number;
  attempt: number;
  reason: string;
  final: boolean;
  now: string;
}

export interface RecordPayoutPaid {
  type: 'RecordPayoutPaid';
  settlementId: string;
  round: number;
  transferId: string;
  now: string;
}

export interface RetryPayout {
  type: 'RetryPayout';
  settlementId: string;
  actor: Actor;
  now: string;
}

/** Put the payout in a bulk-transfer file (bank-file payouts). */
export interface SendPayoutInFile {
  type: 'SendPayoutInFile';
  settlementId: string;
  fileId: string;
  row: number;
  accountId: string;
  now: string;
}

/** The bank's result for the payout's row in a file: paid, or failed with the bank's reason. */
export interface RecordPayoutFileResult {
  type: 'RecordPayoutFileResult';
  settlementId: string;
  fileId: string;
  outcome: { paid: true; bankReference: string } | { paid: false; reason: string };
  now: string;
}

export type PayoutCommand =
  SchedulePayout | RecordPayoutAttemptFailed | RecordPayoutPaid | RetryPayout | SendPayoutInFile | RecordPayoutFileResult;

export const initialPayoutState = (): PayoutState => ({ status: 'none' });

export function evolvePayout(state: PayoutState, event: PayoutEvent): PayoutState {
  if (event.type === 'PayoutScheduled') {
    const { settlementId, merchantId, amount } = event.data;
    return { status: 'scheduled', settlementId, merchantId, amount, round: 1, failedAttempts: 0, inFile: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'PayoutAttemptFailed':
      // A failed file row frees the payout for the next file.
      return { ...state, status: event.data.final ? 'failed' : state.status, failedAttempts: state.failedAttempts + 1, inFile: null };
    case 'PayoutRetried':
      return { ...state, status: 'retried', round: event.data.round };
    case 'PayoutPaid':
      return { ...state, status: 'paid', inFile: null };
    case 'PayoutSentInFile':
      return { ...state, inFile: { fileId: event.data.fileId, row: event.data.row } };
  }
}

function existing(state: PayoutState, settlementId: string): Payout {
  if (state.status === 'none') throw new NotFoundError('payout', settlementId);
  return state;
}

/** A job of an earlier round, or one arriving after the payout ended, records nothing. */
const isCurrentAttempt = (payout: Payout, round: number) =>
  round === payout.round && (payout.status === 'scheduled' || payout.status === 'retried');

function decidePayout(command: PayoutCommand, state: PayoutState): PayoutEvent[] {
  switch (command.type) {
    case 'SchedulePayout': {
      if (state.status !== 'none') return [];
      const amount = positiveKrw(command.amount, KRW_LIMITS.settledAmount);
      const { settlementId, merchantId, now } = command;
      return [{ type: 'PayoutScheduled', data: { settlementId, merchantId, amount, scheduledAt: now } }];
    }
    case 'RecordPayoutAttemptFailed': {
      const payout = existing(state, command.settlementId);
      if (!isCurrentAttempt(payout, command.round)) return [];
      const { settlementId, round, attempt, final, now } = command;
      const reason = command.reason.slice(0, 500);
      return [{ type: 'PayoutAttemptFailed', data: { settlementId, round, attempt, reason, final, failedAt: now } }];
    }
    case 'RecordPayoutPaid': {
      const payout = existing(state, command.settlementId);
      // The transfer is idempotent by reference, so a late confirmation of a done payout is a repeat.
      if (payout.status === 'paid') return [];
      const { settlementId, round, transferId, now } = command;
      return [
        {
          type: 'PayoutPaid',
          data: { settlementId, merchantId: payout.merchantId, amount: payout.amount, transferId, round, paidAt: now },
        },
      ];
    }
    case 'RetryPayout': {
      if (command.actor.role !== 'staff') throw new ForbiddenError('only staff retry a payout', 'wrong_role');
      const payout = existing(state, command.settlementId);
      if (payout.status === 'paid') {
        throw new RuleViolationError('payout_already_paid', `the payout of settlement ${payout.settlementId} is paid`, {
          settlementId: payout.settlementId,
        });
      }
      if (payout.status !== 'failed') {
        throw new RuleViolationError('payout_not_failed', `the payout of settlement ${payout.settlementId} is still being attempted`, {
          settlementId: payout.settlementId,
          status: payout.status,
        });
      }
      const round = payout.round + 1;
      return [
        { type: 'PayoutRetried', data: { settlementId: payout.settlementId, round, retriedBy: command.actor.id, retriedAt: command.now } },
      ];
    }
    case 'SendPayoutInFile': {
      const payout = existing(state, command.settlementId);
      // Paid, failed for staff, or out in a file already: not this file's.
      if ((payout.status !== 'scheduled' && payout.status !== 'retried') || payout.inFile) return [];
      const { settlementId, fileId, row, accountId, now } = command;
      return [{ type: 'PayoutSentInFile', data: { settlementId, fileId, row, accountId, amount: payout.amount, sentAt: now } }];
    }
    case 'RecordPayoutFileResult': {
      const payout = existing(state, command.settlementId);
      // A result for a file the payout is no longer out in (recorded already, or replayed): nothing.
      if (payout.inFile?.fileId !== command.fileId) return [];
      const { settlementId, now, outcome } = command;
      if (outcome.paid) {
        const data = {
          settlementId,
          merchantId: payout.merchantId,
          amount: payout.amount,
          transferId: outcome.bankReference,
          round: payout.round,
          paidAt: now,
        };
        return [{ type: 'PayoutPaid', data }];
      }
      const reason = `bank file ${command.fileId} row ${payout.inFile.row}: ${outcome.reason}`.slice(0, 500);
      const attempt = payout.failedAttempts + 1;
      return [{ type: 'PayoutAttemptFailed', data: { settlementId, round: payout.round, attempt, reason, final: false, failedAt: now } }];
    }
  }
}

export const payoutDecider: Decider<PayoutState, PayoutCommand, PayoutEvent> = {
  initialState: initialPayoutState,
  evolve: evolvePayout,
  decide: decidePayout,
};
