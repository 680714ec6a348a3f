import fc from 'fast-check';
import { fold } from '@goodpay/event-store';
import { DomainError } from '@goodpay/shared';
import { staff } from '../../../event-store/src/decider/testing';
import { approvedMerchant, campaign, prepaymentMade, shop } from '../test/fixtures';
import type { PrepaymentCommand } from './commands';
import { prepaymentDecider } from './decider';
import type { PrepaymentEvent } from './events';
import { redemptionFrom } from './redemption';
import { prepaymentSnapshots } from './snapshots';
import type { PrepaymentState } from './state';

/**
 * A snapshot is only a cache of the fold: for any history and any point in it, the state
 * decoded from the snapshot taken there (through JSON, as the database keeps it) and folded
 * on with the rest equals the fold of the whole history, field for field, and decides every
 * next command the same way.
 */

const paidAt = Date.parse('2025-01-20T01:00:00Z');
const payer = { id: 'c-1', role: 'citizen' as const };

const step = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('redeem' as const), amount: fc.integer({ min: 1, max: 40_000 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('request' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('approve' as const) }) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** As the handlers make them: a new id per redemption; a cancellation with its redemption as the log tells it. */
function commandFor(s: Step, index: number, now: string, ids: string[], history: readonly PrepaymentEvent[]): PrepaymentCommand {
  const base = { prepaymentId: 'p-1', now };
  switch (s.kind) {
    case 'redeem':
      return { ...base, type: 'RedeemPrepayment', actor: shop, redemptionId: `r-${index}`, amount: s.amount };
    case 'cancel': {
      const redemptionId = ids[s.pick % Math.max(1, ids.length)] ?? 'r-none';
      return { ...base, type: 'CancelRedemption', actor: shop, redemptionId, redemption: redemptionFrom(history, redemptionId) };
    }
    case 'request':
      return { ...base, type: 'RequestRefund', actor: payer, merchant: approvedMerchant(), campaign: campaign() };
    case 'approve':
      return { ...base, type: 'ApproveRefund', actor: staff };
  }
}

const decided = (command: PrepaymentCommand, state: PrepaymentState) => {
  try {
    return prepaymentDecider.decide(command, state);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.code;
  }
};

/** A history the decider itself wrote, from random commands (refusals are skipped), and the redemption ids in it. */
function historyOf(faceValue: number, steps: Step[]): { history: PrepaymentEvent[]; ids: string[] } {
  const history: PrepaymentEvent[] = [prepaymentMade({ prepaymentId: 'p-1', amount: faceValue, paidAt: new Date(paidAt).toISOString() })];
  const ids: string[] = [];
  steps.forEach((s, index) => {
    const now = new Date(paidAt + index * 60_000).toISOString();
    const events = decided(commandFor(s, index, now, ids, history), fold(prepaymentDecider, history));
    if (typeof events === 'string') return;
    history.push(...events);
    for (const event of events) if (event.type === 'PrepaymentRedeemed') ids.push(event.data.redemptionId);
  });
  return { history, ids };
}

describe('prepayment snapshots: properties', () => {
  it('a snapshot at any point, folded on with the rest, equals the fold of the whole history and decides alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 300_000 }), fc.array(step, { maxLength: 40 }), fc.nat(), (faceValue, steps, at) => {
        const { history, ids } = historyOf(faceValue, steps);
        const split = at % (history.length + 1);
        const kept = JSON.parse(JSON.stringify(prepaymentSnapshots.encode(fold(prepaymentDecider, history.slice(0, split)))));
        const resumed = history.slice(split).reduce(prepaymentDecider.evolve, prepaymentSnapshots.decode(kept));
        const whole = fold(prepaymentDecider, history);
        expect(resumed).toStrictEqual(whole);
        const now = new Date(paidAt + steps.length * 60_000).toISOString();
        const next = [
          ...steps.slice(0, 4),
          { kind: 'redeem' as const, amount: 1 },
          ...ids.map((_, pick) => ({ kind: 'cancel' as const, pick })),
        ];
        for (const s of next) {
          const command = commandFor(s, steps.length, now, ids, history);
          expect(decided(command, resumed)).toEqual(decided(command, whole));
        }
      }),
      { numRuns: 300 },
    );
  });
});
