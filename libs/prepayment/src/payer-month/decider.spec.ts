import { DEFAULT_PREPAYMENT_BOUNDS } from '@goodpay/campaign';
import { spec } from '../../../event-store/src/decider/testing';
import type { PrepaymentMade } from '../prepayment/events';
import { monthlyPrepaymentFor, payerMonthDecider, type RecordMonthlyPrepayment } from './decider';
import type { MonthlyPrepaymentRecorded, MonthlyPrepaymentReleased } from './events';

const record = (prepaymentId: string, amount: number): RecordMonthlyPrepayment => ({
  type: 'RecordMonthlyPrepayment',
  campaignId: 'jeonbuk-2025',
  payerId: 'c-1',
  month: '2025-01',
  prepaymentId,
  amount,
  monthlyCap: 300_000,
});
const recorded = (prepaymentId: string, amount: number, monthTotal: number): MonthlyPrepaymentRecorded => ({
  type: 'MonthlyPrepaymentRecorded',
  data: { campaignId: 'jeonbuk-2025', payerId: 'c-1', month: '2025-01', prepaymentId, amount, monthTotal },
});
const months = spec(payerMonthDecider);

describe('payer month decider', () => {
  it('adds up the month up to the cap', () => {
    months
      .given()
      .when(record('p-1', 100_000))
      .then([recorded('p-1', 100_000, 100_000)]);
    months
      .given([recorded('p-1', 100_000, 100_000)])
      .when(record('p-2', 200_000))
      .then([recorded('p-2', 200_000, 300_000)]);
  });

  it('refuses what would pass the cap, saying what is left', () => {
    const refusal = months
      .given([recorded('p-1', 250_000, 250_000)])
      .when(record('p-2', 100_000))
      .then('monthly_limit_exceeded');
    expect(refusal).toMatchObject({
      status: 422,
      details: { monthlyCap: 300_000, alreadyPrepaid: 250_000, remaining: 50_000, amount: 100_000 },
    });
  });

  it('gives the room of an order cancelled unpaid back, once, and never records it again', () => {
    const release = {
      type: 'ReleaseMonthlyPrepayment',
      campaignId: 'jeonbuk-2025',
      payerId: 'c-1',
      month: '2025-01',
      prepaymentId: 'p-1',
    } as const;
    const released: MonthlyPrepaymentReleased = {
      type: 'MonthlyPrepaymentReleased',
      data: { campaignId: 'jeonbuk-2025', payerId: 'c-1', month: '2025-01', prepaymentId: 'p-1', amount: 300_000, monthTotal: 0 },
    };
    months
      .given([recorded('p-1', 300_000, 300_000)])
      .when(release)
      .then([released]);
    months
      .given([recorded('p-1', 300_000, 300_000), released])
      .when(record('p-2', 300_000))
      .then([recorded('p-2', 300_000, 300_000)]);
    months
      .given([recorded('p-1', 300_000, 300_000), released])
      .when(release)
      .then([]);
    months
      .given([recorded('p-1', 300_000, 300_000), released])
      .when(record('p-1', 300_000))
      .then([]);
    months.given().when(release).then([]);
  });

  it('records a prepayment once: a retried command decides nothing', () => {
    months
      .given([recorded('p-1', 300_000, 300_000)])
      .when(record('p-1', 300_000))
      .then([]);
  });

  describe('monthlyPrepaymentFor', () => {
    const made = (kind: 'citizen' | 'organisation', paidAt: string): PrepaymentMade => ({
      type: 'PrepaymentMade',
      data: {
        prepaymentId: 'p-1',
        code: '7K3M9QXA',
        payer: { id: 'c-1', kind },
        merchantId: 'm-1',
        campaignId: 'jeonbuk-2025',
        amount: 100_000,
        channel: 'at_shop',
        paymentConfirmation: null,
        merchantCategory: 'cafe',
        merchantDistrict: 'Deokjin-gu',
        paidAt,
      },
    });

    it("counts a citizen's prepayment in its Seoul month, against the campaign's cap", () => {
      expect(monthlyPrepaymentFor(made('citizen', '2025-01-31T15:30:00Z').data, DEFAULT_PREPAYMENT_BOUNDS)).toEqual({
        type: 'RecordMonthlyPrepayment',
        campaignId: 'jeonbuk-2025',
        payerId: 'c-1',
        month: '2025-02',
        prepaymentId: 'p-1',
        amount: 100_000,
        monthlyCap: 300_000,
      });
    });

    it('counts a prepayment at the shop only once claimed: nobody is named payer before', () => {
      const unclaimed = made('citizen', '2025-01-20T00:00:00Z').data;
      expect(monthlyPrepaymentFor({ ...unclaimed, payer: null }, DEFAULT_PREPAYMENT_BOUNDS)).toBeNull();
    });

    it('puts no monthly cap on organisations', () => {
      expect(monthlyPrepaymentFor(made('organisation', '2025-01-20T00:00:00Z').data, DEFAULT_PREPAYMENT_BOUNDS)).toBeNull();
    });
  });
});
