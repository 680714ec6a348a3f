import type { Actor } from '@goodpay/shared';
import { spec } from '../../../campaign/src/test';
import { payoutDecider, type PayoutCommand } from './decider';
import type { PayoutEvent } from './events';

const settlementId = 's-1';
const now = '2025-01-21T02:00:00.000Z';
const staff: Actor = { id: 'staff-1', role: 'staff' };
const payouts = spec(payoutDecider);
const given = (...history: PayoutEvent[]) => payouts.given(history);

const scheduled: PayoutEvent = { type: 'PayoutScheduled', data: { settlementId, merchantId: 'm-1', amount: 90_000, scheduledAt: now } };
const failed = (round: number, attempt: number, final: boolean): PayoutEvent => ({
  type: 'PayoutAttemptFailed',
  data: { settlementId, round, attempt, reason: 'bank down', final, failedAt: now },
});
const retried = (round: number): PayoutEvent => ({ type: 'PayoutRetried', data: { settlementId, round, retriedBy: 'staff-1', retriedAt: now } });
const paid = (round: number): PayoutEvent => ({
  type: 'PayoutPaid',
  data: { settlementId, merchantId: 'm-1', amount: 90_000, transferId: 't-1', round, paidAt: now },
});

const failAttempt = (round: number, attempt: number, final: boolean): PayoutCommand => ({
  type: 'RecordPayoutAttemptFailed',
  settlementId,
  round,
  attempt,
  reason: 'bank down',
  final,
  now,
});
const pay = (round: number): PayoutCommand => ({ type: 'RecordPayoutPaid', settlementId, round, transferId: 't-1', now });
const retry = (actor: Actor = staff): PayoutCommand => ({ type: 'RetryPayout', settlementId, actor, now });

describe('payout decider', () => {
  it('schedules a payout once', () => {
    const schedule: PayoutCommand = { type: 'SchedulePayout', settlementId, merchantId: 'm-1', amount: 90_000, now };
    given().when(schedule).then([scheduled]);
    given(scheduled).when(schedule).then([]);
    given().when({ ...schedule, amount: 0 }).then('invalid_input');
  });

  it('records failed attempts of the current round, and the last one as final', () => {
    given(scheduled).when(failAttempt(1, 1, false)).then([failed(1, 1, false)]);
    given(scheduled, failed(1, 1, false)).when(failAttempt(1, 2, true)).then([failed(1, 2, true)]);
  });

  it('ignores a stale job of an earlier round or one after the payout ended', () => {
    given(scheduled, failed(1, 1, true), retried(2)).when(failAttempt(1, 2, true)).then([]);
    given(scheduled, paid(1)).when(failAttempt(1, 1, false)).then([]);
    given(scheduled, failed(1, 1, true)).when(failAttempt(1, 2, false)).then([]);
  });

  it('records the transfer once: a repeated confirmation changes nothing', () => {
    given(scheduled).when(pay(1)).then([paid(1)]);
    given(scheduled, paid(1)).when(pay(1)).then([]);
  });

  it('lets staff retry a payout that failed, as a new round', () => {
    given(scheduled, failed(1, 5, true)).when(retry()).then([retried(2)]);
    given(scheduled, failed(1, 5, true), retried(2), failed(2, 5, true)).when(retry()).then([retried(3)]);
    given(scheduled, failed(1, 5, true), retried(2)).when(pay(2)).then([paid(2)]);
  });

  it('refuses to retry a payout that is paid, still being attempted, unknown, or by someone not staff', () => {
    given(scheduled, paid(1)).when(retry()).then('payout_already_paid');
    given(scheduled).when(retry()).then('payout_not_failed');
    given(scheduled, failed(1, 5, true), retried(2)).when(retry()).then('payout_not_failed');
    given().when(retry()).then('payout_not_found');
    given(scheduled, failed(1, 5, true)).when(retry({ id: 'm', role: 'merchant' })).then('wrong_role');
  });
});
