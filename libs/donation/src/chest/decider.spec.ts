import { type Actor, KRW_LIMITS } from '@goodpay/shared';
import { spec } from '../../../event-store/src/decider/testing';
import { chestDecider, type Disburse } from './decider';
import type { ChestCredited, ChestDisbursed, ChestEvent } from './events';

const staff: Actor = { id: 'staff-1', role: 'staff' };
const now = '2025-03-01T01:00:00.000Z';
const chest = spec(chestDecider);
const given = (...history: ChestEvent[]) => chest.given(history);

const credited = (donationId: string, amount: number): ChestCredited => ({
  type: 'ChestCredited',
  data: { donationId, source: 'cashback', donorType: 'citizen', amount, creditedAt: now },
});
const disburse = (disbursementId: string, amount: number, project = '  Warm meals for seniors  ', actor = staff): Disburse => ({
  type: 'Disburse',
  disbursementId,
  project,
  amount,
  actor,
  now,
});
const disbursed = (disbursementId: string, amount: number, balanceAfter: number | null): ChestDisbursed => ({
  type: 'ChestDisbursed',
  data: { disbursementId, project: 'Warm meals for seniors', amount, balanceAfter, disbursedBy: staff, disbursedAt: now },
});

describe('community chest decider', () => {
  it('gives a welfare project up to the balance, which it records', () => {
    given(credited('d-1', 30_000), credited('d-2', 20_000))
      .when(disburse('x-1', 50_000))
      .then([disbursed('x-1', 50_000, 0)]);
    given(credited('d-1', 30_000), disbursed('x-1', 10_000, 20_000))
      .when(disburse('x-2', 15_000))
      .then([disbursed('x-2', 15_000, 5_000)]);
  });

  it('gives at most KRW_LIMITS.chestDisbursement at once, whatever the balance', () => {
    const rich = [credited('d-1', 9_007_199_254_740_991), credited('d-2', 9_007_199_254_740_991)];
    given(...rich)
      .when(disburse('x-1', KRW_LIMITS.chestDisbursement.max + 1))
      .then('invalid_amount');
    // A balance past 2^53 (credits from before the maxima) is kept exactly; balanceAfter, a JSON number, is left out.
    given(...rich)
      .when(disburse('x-1', KRW_LIMITS.chestDisbursement.max))
      .then([disbursed('x-1', KRW_LIMITS.chestDisbursement.max, null)]);
  });

  it('refuses more than the balance, changing nothing', () => {
    const refusal = given(credited('d-1', 30_000), disbursed('x-1', 20_000, 10_000))
      .when(disburse('x-2', 10_001))
      .then('insufficient_chest_balance');
    expect(refusal).toMatchObject({ status: 422, details: { balance: 10_000n, amount: 10_001 } });
    given().when(disburse('x-1', 1)).then('insufficient_chest_balance');
  });

  it('refuses bad input and anyone but staff', () => {
    given(credited('d-1', 30_000)).when(disburse('x-1', 0)).then('invalid_amount');
    given(credited('d-1', 30_000)).when(disburse('x-1', 10.5)).then('invalid_amount');
    given(credited('d-1', 30_000))
      .when(disburse('x-1', 100, '   '))
      .then('invalid_project');
    given(credited('d-1', 30_000))
      .when(disburse('x-1', 100, 'x'.repeat(201)))
      .then('invalid_project');
    given(credited('d-1', 30_000))
      .when(disburse('x-1', 100, 'p', { id: 'c-1', role: 'citizen' }))
      .then('wrong_role');
  });

  it('gives nothing twice for the same disbursement id', () => {
    given(credited('d-1', 30_000), disbursed('x-1', 10_000, 20_000))
      .when(disburse('x-1', 10_000))
      .then([]);
  });
});
