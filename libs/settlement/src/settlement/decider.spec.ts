import { spec } from '../../../event-store/src/decider/testing';
import { settlementDecider, type CloseSettlement } from './decider';
import type { SettlementClosed, SettlementEvent, SettlementItem } from './events';
import { settlementIdOf } from './settlement-id';

const merchantId = 'm-1';
const settlements = spec(settlementDecider);
const given = (...history: SettlementEvent[]) => settlements.given(history);

const collected = (itemId: string, amount: number, day = '2025-01-13', pledgeBasisPoints = 0): SettlementItem => ({
  itemId,
  kind: 'collected',
  prepaymentId: `p-${itemId}`,
  amount,
  occurredAt: `${day}T01:00:00.000Z`,
  day,
  pledgeBasisPoints,
});
const refunded = (itemId: string, amount: number, day = '2025-01-13'): SettlementItem => ({
  ...collected(itemId, amount, day),
  kind: 'refunded',
});

const close = (day: string, candidates: SettlementItem[], feeBasisPoints = 0): CloseSettlement => ({
  type: 'CloseSettlement',
  merchantId,
  day,
  candidates,
  feeBasisPoints,
  now: '2025-01-20T17:00:00.000Z',
});

const closed = (day: string, items: SettlementItem[], figures: Partial<SettlementClosed['data']>): SettlementClosed => ({
  type: 'SettlementClosed',
  data: {
    settlementId: settlementIdOf(merchantId, day),
    merchantId,
    day,
    items,
    collected: 0,
    refunded: 0,
    feeBasisPoints: 0,
    fee: 0,
    pledge: 0,
    carriedIn: 0,
    payout: 0,
    carriedOut: 0,
    closedAt: '2025-01-20T17:00:00.000Z',
    ...figures,
  },
});

describe('settlement decider', () => {
  it('pays the shop what was collected for it, less refunds, fee and donation pledge', () => {
    const a = collected('a', 100_000, '2025-01-13', 100);
    const b = collected('b', 55_555, '2025-01-13', 100);
    const r = refunded('r', 30_000);
    given()
      .when(close('2025-01-13', [a, b, r], 250))
      .then([
        closed('2025-01-13', [a, b, r], {
          collected: 155_555,
          refunded: 30_000,
          feeBasisPoints: 250,
          fee: 3_888, // 2.5% of 155,555 = 3,888.875, rounded down
          pledge: 1_000 + 555, // 1% per sale, rounded down per sale
          payout: 155_555 - 30_000 - 3_888 - 1_555,
        }),
      ]);
  });

  it("leaves an item above one prepayment's maximum (only in a log from before the maxima) unsettled, never paid out", () => {
    const a = collected('a', 100_000);
    const legacy = [collected('x', 9_007_199_254_740_991), collected('y', 9_007_199_254_740_990)];
    given()
      .when(close('2025-01-13', [a, ...legacy]))
      .then([closed('2025-01-13', [a], { collected: 100_000, payout: 100_000 })]);
    given().when(close('2025-01-13', legacy)).then([]);
  });

  it('takes the pledge at the rate in force at each sale', () => {
    const before = collected('a', 10_000, '2025-01-13', 0);
    const after = collected('b', 10_000, '2025-01-13', 500);
    given()
      .when(close('2025-01-13', [before, after]))
      .then([closed('2025-01-13', [before, after], { collected: 20_000, pledge: 500, payout: 19_500 })]);
  });

  it('leaves items of later days to their own settlement', () => {
    const today = collected('a', 10_000, '2025-01-13');
    const tomorrow = collected('b', 20_000, '2025-01-14');
    given()
      .when(close('2025-01-13', [today, tomorrow]))
      .then([closed('2025-01-13', [today], { collected: 10_000, payout: 10_000 })]);
  });

  it('puts a late item of a settled day into the next settlement, never into the closed one', () => {
    const first = collected('a', 10_000, '2025-01-13');
    const late = collected('late', 7_000, '2025-01-13');
    const next = collected('b', 20_000, '2025-01-14');
    const history = closed('2025-01-13', [first], { collected: 10_000, payout: 10_000 });
    given(history)
      .when(close('2025-01-14', [first, late, next]))
      .then([closed('2025-01-14', [late, next], { collected: 27_000, payout: 27_000 })]);
  });

  it('changes nothing when the day is settled again, whatever the read model offers', () => {
    const first = collected('a', 10_000, '2025-01-13');
    const history = closed('2025-01-13', [first], { collected: 10_000, payout: 10_000 });
    given(history)
      .when(close('2025-01-13', [first, collected('late', 5_000)]))
      .then([]);
    given(history)
      .when(close('2025-01-12', [collected('older', 5_000, '2025-01-12')]))
      .then([]);
  });

  it('never claims an item twice, even if it is offered twice', () => {
    const a = collected('a', 10_000);
    given()
      .when(close('2025-01-13', [a, a]))
      .then([closed('2025-01-13', [a], { collected: 10_000, payout: 10_000 })]);
  });

  it('closes nothing when there is nothing to settle', () => {
    given().when(close('2025-01-13', [])).then([]);
  });

  it('carries a negative net day forward as a deduction, never paying less than 0', () => {
    const sale = collected('a', 10_000, '2025-01-13');
    const refund = refunded('r', 50_000, '2025-01-13');
    const negative = closed('2025-01-13', [sale, refund], { collected: 10_000, refunded: 50_000, payout: 0, carriedOut: 40_000 });
    given()
      .when(close('2025-01-13', [sale, refund]))
      .then([negative]);

    const small = collected('b', 30_000, '2025-01-14');
    const stillOwing = closed('2025-01-14', [small], { collected: 30_000, carriedIn: 40_000, payout: 0, carriedOut: 10_000 });
    given(negative)
      .when(close('2025-01-14', [small]))
      .then([stillOwing]);

    const big = collected('c', 25_000, '2025-01-15');
    given(negative, stillOwing)
      .when(close('2025-01-15', [big]))
      .then([closed('2025-01-15', [big], { collected: 25_000, carriedIn: 10_000, payout: 15_000 })]);
  });

  it('refuses to settle a day that is not over in Seoul', () => {
    // 2025-01-20T17:00Z is 2025-01-21 02:00 in Seoul.
    given()
      .when(close('2025-01-21', [collected('a', 1_000, '2025-01-21')]))
      .then('settlement_day_not_over');
  });

  it('refuses a fee rate outside 0..10000 basis points and an item of no won', () => {
    given()
      .when(close('2025-01-13', [collected('a', 1_000)], -1))
      .then('invalid_fee_rate');
    given()
      .when(close('2025-01-13', [collected('a', 0)]))
      .then('invalid_settlement_item');
    given().when(close('2025-13-01', [])).then('invalid_date');
  });
});
