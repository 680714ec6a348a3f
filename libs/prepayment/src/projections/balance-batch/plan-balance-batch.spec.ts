import type { RecordedOf } from '@goodpay/event-store';
import { type BalanceEvent, keysOf, planBalanceBatch, type StoredBalance, type StoredRedemption } from './plan-balance-batch';

let position = 0;
const recorded = (event: BalanceEvent): RecordedOf<BalanceEvent> =>
  ({
    id: `e-${++position}`,
    streamId: `prepayment-${event.data.prepaymentId}`,
    streamVersion: 1,
    globalPosition: String(position),
    transactionId: '1',
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: {},
    recordedAt: new Date(0),
  }) as RecordedOf<BalanceEvent>;

const made = (prepaymentId: string, amount: number, paidAt = '2025-01-20T01:00:00Z') =>
  recorded({
    type: 'PrepaymentMade',
    data: {
      prepaymentId,
      code: `CODE-${prepaymentId}`,
      payer: { id: 'c-1', kind: 'citizen' },
      merchantId: 'm',
      campaignId: 'c',
      amount,
      channel: 'at_shop',
      paymentConfirmation: null,
      merchantCategory: 'cafe',
      merchantDistrict: 'Deokjin-gu',
      paidAt,
    },
  });
const redeemed = (prepaymentId: string, redemptionId: string, amount: number, balanceAfter: number, redeemedAt = '2025-01-20T14:00:00Z') =>
  recorded({ type: 'PrepaymentRedeemed', data: { prepaymentId, merchantId: 'm', redemptionId, amount, balanceAfter, redeemedAt } });
const cancelled = (
  prepaymentId: string,
  redemptionId: string,
  amount: number,
  balanceAfter: number,
  cancelledAt = '2025-01-20T14:30:00Z',
) => recorded({ type: 'RedemptionCancelled', data: { prepaymentId, merchantId: 'm', redemptionId, amount, balanceAfter, cancelledAt } });
const refundRequested = (prepaymentId: string, balance: number, requestedAt = '2025-01-21T01:00:00Z') =>
  recorded({
    type: 'RefundRequested',
    data: { prepaymentId, payerId: 'c-1', merchantId: 'm', basis: 'within_7_days', balance, requestedAt },
  });
const refunded = (prepaymentId: string, amount: number, refundedAt = '2025-01-21T02:00:00Z') =>
  recorded({
    type: 'PrepaymentRefunded',
    data: {
      prepaymentId,
      payerId: 'c-1',
      merchantId: 'm',
      campaignId: 'c',
      amount,
      basis: 'within_7_days',
      requestedAt: '2025-01-21T01:00:00Z',
      refundedAt,
    },
  });

const stored = (prepaymentId: string, amount: number, redeemedSoFar = 0): StoredBalance => ({
  prepaymentId,
  amount,
  redeemed: redeemedSoFar,
  refunded: 0,
  refundedAtSet: false,
});
const storedRedemption = (prepaymentId: string, redemptionId: string, amount: number, isCancelled = false): StoredRedemption => ({
  prepaymentId,
  redemptionId,
  amount,
  cancelled: isCancelled,
});

describe('planBalanceBatch', () => {
  it('folds a prepayment made, redeemed and cancelled in one batch into one new row and a cancelled redemption', () => {
    // given nothing stored; when the batch is applied
    const plan = planBalanceBatch(
      [made('p', 10_000), redeemed('p', 'r1', 3_000, 7_000), redeemed('p', 'r2', 2_000, 5_000), cancelled('p', 'r1', 3_000, 8_000)],
      [],
      [],
    );
    // then
    expect(plan.balances).toEqual([
      expect.objectContaining({
        prepaymentId: 'p',
        redeemed: 2_000,
        refunded: 0,
        refundRequested: false,
        updatedAt: '2025-01-20T14:30:00Z',
      }),
    ]);
    expect(plan.balances[0].made?.amount).toBe(10_000);
    expect(plan.redemptions.map((r) => [r.redemptionId, r.cancelledAt, r.seoulDay])).toEqual([
      ['r1', '2025-01-20T14:30:00Z', '2025-01-20'],
      ['r2', null, '2025-01-20'],
    ]);
    expect(plan.cancellations).toEqual([]);
  });

  it('sums the changes of a stored prepayment and cancels its stored redemption in place', () => {
    const plan = planBalanceBatch(
      [cancelled('p', 'r0', 1_000, 10_000), refundRequested('p', 10_000), refunded('p', 10_000)],
      [stored('p', 10_000, 1_000)],
      [storedRedemption('p', 'r0', 1_000)],
    );
    expect(plan.balances).toEqual([
      {
        prepaymentId: 'p',
        made: null,
        redeemed: -1_000,
        refunded: 10_000,
        refundRequested: true,
        refundBasis: 'within_7_days',
        refundRequestedAt: '2025-01-21T01:00:00Z',
        refundedAt: '2025-01-21T02:00:00Z',
        updatedAt: '2025-01-21T02:00:00Z',
      },
    ]);
    expect(plan.cancellations).toEqual([{ prepaymentId: 'p', redemptionId: 'r0', cancelledAt: '2025-01-20T14:30:00Z' }]);
    expect(plan.redemptions).toEqual([]);
  });

  it('looks up every prepayment the batch names, and the redemptions of those made before it, once', () => {
    expect(
      keysOf([
        made('p', 10_000),
        redeemed('p', 'r1', 1, 9_999),
        cancelled('p', 'r1', 1, 10_000),
        refundRequested('q', 5),
        cancelled('q', 'r2', 1, 10_000),
        redeemed('q', 'r2', 1, 9_999),
      ]),
    ).toEqual({
      prepaymentIds: ['p', 'q'],
      redemptions: [{ prepaymentId: 'q', redemptionId: 'r2' }],
    });
  });

  describe('refuses an impossible batch, as the per-event path would', () => {
    const refusals: [string, RecordedOf<BalanceEvent>[], StoredBalance[], StoredRedemption[]][] = [
      [
        'an overdraft by a later redemption of the batch',
        [redeemed('p', 'r1', 6_000, 4_000), redeemed('p', 'r2', 6_000, -2_000)],
        [stored('p', 10_000)],
        [],
      ],
      ['a balance other than the event says', [made('p', 10_000), redeemed('p', 'r1', 1_000, 8_000)], [], []],
      ['a redemption of an unknown prepayment', [redeemed('ghost', 'r1', 1_000, 0)], [], []],
      ['a prepayment made twice', [made('p', 10_000), made('p', 10_000)], [], []],
      ['a prepayment made again', [made('p', 10_000)], [stored('p', 10_000)], []],
      [
        'a redemption recorded twice',
        [redeemed('p', 'r0', 1_000, 8_000)],
        [stored('p', 10_000, 1_000)],
        [storedRedemption('p', 'r0', 1_000)],
      ],
      ['a cancellation of an unknown redemption', [cancelled('p', 'rx', 1_000, 11_000)], [stored('p', 10_000)], []],
      [
        'a cancellation of a cancelled redemption',
        [cancelled('p', 'r0', 1_000, 10_000)],
        [stored('p', 10_000)],
        [storedRedemption('p', 'r0', 1_000, true)],
      ],
      [
        'a second cancellation in the batch',
        [made('p', 10_000), redeemed('p', 'r1', 1_000, 9_000), cancelled('p', 'r1', 1_000, 10_000), cancelled('p', 'r1', 1_000, 11_000)],
        [],
        [],
      ],
      [
        'a cancellation of another amount',
        [cancelled('p', 'r0', 500, 9_500)],
        [stored('p', 10_000, 1_000)],
        [storedRedemption('p', 'r0', 1_000)],
      ],
      ['a refund request on a refunded prepayment', [refunded('p', 10_000), refundRequested('p', 0)], [stored('p', 10_000)], []],
      ['a refund of part of the balance', [refunded('p', 4_000)], [stored('p', 10_000)], []],
      ['an amount that is not whole won', [made('p', 10_000), redeemed('p', 'r1', 0.5, 9_999.5)], [], []],
    ];
    it.each(refusals)('%s', (_, events, balances, redemptions) => {
      expect(() => planBalanceBatch(events, balances, redemptions)).toThrow();
    });
  });
});
