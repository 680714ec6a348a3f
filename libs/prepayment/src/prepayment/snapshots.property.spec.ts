import fc from 'fast-check';
import { fold } from '@goodpay/event-store';
import { DomainError } from '@goodpay/shared';
import { staff } from '../../../event-store/src/decider/testing';
import { approvedMerchant, campaign, prepaymentMade, shop } from '../test/fixtures';
import type { PrepaymentCommand } from './commands';
import { prepaymentDecider } from './decider';
import type { PrepaymentEvent } from './events';
import { findRedemption, redemptionsById } from './redemption-log';
import { prepaymentSnapshots } from './snapshots';
import type { PrepaymentState } from './state';

/**
 * A snapshot is only a cache of the fold: for any history and any point in it, the state
 * decoded from the snapshot taken there (through JSON, as the database keeps it) and folded
 * on with the rest equals the fold of the whole history, and answers every redemption
 * lookup the same way.
 */

const paidAt = Date.parse('2025-01-20T01:00:00Z');
const payer = { id: 'c-1', role: 'citizen' as const };

const step = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('redeem' as const),
      amount: fc.integer({ min: 1, max: 40_000 }),
      id: fc.constantFrom('r-a', '7', 'r-b', '', 'r-c'),
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('redeem' as const), amount: fc.integer({ min: 1, max: 40_000 }), id: fc.uuid() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('request' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('approve' as const) }) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

function commandFor(s: Step, now: string, ids: string[]): PrepaymentCommand {
  const base = { prepaymentId: 'p-1', now };
  switch (s.kind) {
    case 'redeem':
      return { ...base, type: 'RedeemPrepayment', actor: shop, redemptionId: s.id, amount: s.amount };
    case 'cancel':
      return { ...base, type: 'CancelRedemption', actor: shop, redemptionId: ids[s.pick % Math.max(1, ids.length)] ?? 'r-none' };
    case 'request':
      return { ...base, type: 'RequestRefund', actor: payer, merchant: approvedMerchant(), campaign: campaign() };
    case 'approve':
      return { ...base, type: 'ApproveRefund', actor: staff };
  }
}

/** A history the decider itself wrote, from random commands (refusals are skipped). */
function historyOf(faceValue: number, steps: Step[]): PrepaymentEvent[] {
  const history: PrepaymentEvent[] = [prepaymentMade({ prepaymentId: 'p-1', amount: faceValue, paidAt: new Date(paidAt).toISOString() })];
  const ids: string[] = [];
  steps.forEach((s, index) => {
    const now = new Date(paidAt + index * 60_000).toISOString();
    try {
      const decided = prepaymentDecider.decide(commandFor(s, now, ids), fold(prepaymentDecider, history));
      history.push(...decided);
      for (const event of decided) if (event.type === 'PrepaymentRedeemed') ids.push(event.data.redemptionId);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  });
  return history;
}

/** The state with its redemptions as a plain record, to compare states by value. */
const comparable = (state: PrepaymentState) =>
  state.status === 'none' ? state : { ...state, redemptions: redemptionsById(state.redemptions) };

describe('prepayment snapshots: properties', () => {
  it('a snapshot at any point, folded on with the rest, equals the fold of the whole history', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 300_000 }), fc.array(step, { maxLength: 40 }), fc.nat(), (faceValue, steps, at) => {
        const history = historyOf(faceValue, steps);
        const split = at % (history.length + 1);
        const kept = JSON.parse(JSON.stringify(prepaymentSnapshots.encode(fold(prepaymentDecider, history.slice(0, split)))));
        const resumed = history.slice(split).reduce(prepaymentDecider.evolve, prepaymentSnapshots.decode(kept));
        const whole = fold(prepaymentDecider, history);
        expect(comparable(resumed)).toEqual(comparable(whole));
        if (whole.status === 'none' || resumed.status === 'none') return;
        for (const id of ['r-a', '7', 'r-b', '', 'r-c', 'r-none', ...Object.keys(redemptionsById(whole.redemptions))]) {
          expect(findRedemption(resumed.redemptions, id)).toEqual(findRedemption(whole.redemptions, id));
        }
      }),
      { numRuns: 300 },
    );
  });
});
