import type { Actor } from '@goodpay/shared';
import { spec } from '../../../event-store/src/decider/testing';
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
const retried = (round: number): PayoutEvent => ({
  type: 'PayoutRetried',
  data: { settlementId, round, retriedBy: 'staff-1', retriedAt: now },
});
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
    given()
      .when({ ...schedule, amount: 0 })
      .then('invalid_input');
  });

  it('records failed attempts of the current round, and the last one as final', () => {
    given(scheduled)
      .when(failAttempt(1, 1, false))
      .then([failed(1, 1, false)]);
    given(scheduled, failed(1, 1, false))
      .when(failAttempt(1, 2, true))
      .then([failed(1, 2, true)]);
  });

  it('ignores a stale job of an earlier round or one after the payout ended', () => {
    given(scheduled, failed(1, 1, true), retried(2))
      .when(failAttempt(1, 2, true))
      .then([]);
    given(scheduled, paid(1))
      .when(failAttempt(1, 1, false))
      .then([]);
    given(scheduled, failed(1, 1, true))
      .when(failAttempt(1, 2, false))
      .then([]);
  });

  it('records the transfer once: a repeated confirmation changes nothing', () => {
    given(scheduled)
      .when(pay(1))
      .then([paid(1)]);
    given(scheduled, paid(1)).when(pay(1)).then([]);
  });

  it('lets staff retry a payout that failed, as a new round', () => {
    given(scheduled, failed(1, 5, true))
      .when(retry())
      .then([retried(2)]);
    given(scheduled, failed(1, 5, true), retried(2), failed(2, 5, true))
      .when(retry())
      .then([retried(3)]);
    given(scheduled, failed(1, 5, true), retried(2))
      .when(pay(2))
      .then([paid(2)]);
  });

  it('refuses to retry a payout that is paid, still being attempted, unknown, or by someone not staff', () => {
    given(scheduled, paid(1)).when(retry()).then('payout_already_paid');
    given(scheduled).when(retry()).then('payout_not_failed');
    given(scheduled, failed(1, 5, true), retried(2))
      .when(retry())
      .then('payout_not_failed');
    given().when(retry()).then('payout_not_found');
    given(scheduled, failed(1, 5, true))
      .when(retry({ id: 'm', role: 'merchant' }))
      .then('wrong_role');
  });
});

describe('payout decider, bulk-transfer files', () => {
  const sent = (fileId: string, row = 1): PayoutEvent => ({
    type: 'PayoutSentInFile',
    data: { settlementId, fileId, row, accountId: 'a-1', amount: 90_000, sentAt: now },
  });
  const send = (fileId: string, row = 1): PayoutCommand => ({ type: 'SendPayoutInFile', settlementId, fileId, row, accountId: 'a-1', now });
  const result = (fileId: string, paid: boolean): PayoutCommand => ({
    type: 'RecordPayoutFileResult',
    settlementId,
    fileId,
    outcome: paid ? { paid: true, bankReference: `bank-file:${fileId}:1` } : { paid: false, reason: '계좌 오류' },
    now,
  });
  const rowFailed: PayoutEvent = {
    type: 'PayoutAttemptFailed',
    data: { settlementId, round: 1, attempt: 1, reason: 'bank file f-1 row 1: 계좌 오류', final: false, failedAt: now },
  };

  it('puts a waiting payout in one file only', () => {
    given(scheduled)
      .when(send('f-1'))
      .then([sent('f-1')]);
    given(scheduled, sent('f-1')).when(send('f-2')).then([]);
    given(scheduled, paid(1)).when(send('f-2')).then([]);
    given(scheduled, failed(1, 5, true))
      .when(send('f-2'))
      .then([]);
    given(scheduled, failed(1, 5, true), retried(2))
      .when(send('f-2'))
      .then([sent('f-2')]);
  });

  it("records the file's result once: paid, or failed and free for the next file", () => {
    given(scheduled, sent('f-1'))
      .when(result('f-1', true))
      .then([
        {
          type: 'PayoutPaid',
          data: { settlementId, merchantId: 'm-1', amount: 90_000, transferId: 'bank-file:f-1:1', round: 1, paidAt: now },
        },
      ]);
    given(scheduled, sent('f-1')).when(result('f-1', false)).then([rowFailed]);
    given(scheduled, sent('f-1'), rowFailed)
      .when(send('f-2', 3))
      .then([sent('f-2', 3)]);
  });

  it('ignores a result for a file the payout is not out in: a replay, a stale file, or before any file', () => {
    given(scheduled, sent('f-1'), rowFailed).when(result('f-1', true)).then([]);
    given(scheduled, sent('f-1'), rowFailed, sent('f-2')).when(result('f-1', false)).then([]);
    given(scheduled).when(result('f-1', true)).then([]);
    given().when(result('f-1', true)).then('payout_not_found');
  });
});
