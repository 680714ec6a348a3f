import { fold } from '@goodpay/event-store';
import { merchantId, prepaymentMade } from '../test/fixtures';
import { prepaymentDecider } from './decider';
import type { PrepaymentEvent } from './events';
import { findRedemption, type Redemption, redemptionsById } from './redemption-log';
import { evolvePrepayment, type Prepayment, type PrepaymentState } from './state';

const prepaymentId = 'p-long';
const redeemedAt = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();

const made = prepaymentMade({ prepaymentId, amount: 1_000_000_000, paidAt: redeemedAt(0) });

/** n redemptions of 1..7 won, every fifth one cancelled right after it was made. */
function longHistory(n: number): PrepaymentEvent[] {
  const events: PrepaymentEvent[] = [made];
  for (let i = 0; i < n; i += 1) {
    const redemptionId = `r-${i}`;
    const amount = 1 + (i % 7);
    events.push({
      type: 'PrepaymentRedeemed',
      data: { prepaymentId, merchantId, redemptionId, amount, balanceAfter: 0, redeemedAt: redeemedAt(i) },
    });
    if (i % 5 === 0) {
      events.push({
        type: 'RedemptionCancelled',
        data: { prepaymentId, merchantId, redemptionId, amount, balanceAfter: 0, cancelledAt: redeemedAt(i) },
      });
    }
  }
  return events;
}

/** The obvious reading of the same events, independent of the log: redemptions by id and what stays redeemed. */
function referenceFold(events: readonly PrepaymentEvent[]): { redemptions: Record<string, Redemption>; redeemed: number } {
  const redemptions = new Map<string, Redemption>();
  let redeemed = 0;
  for (const event of events) {
    if (event.type === 'PrepaymentRedeemed') {
      redemptions.set(event.data.redemptionId, { amount: event.data.amount, at: event.data.redeemedAt, cancelled: false });
      redeemed += event.data.amount;
    } else if (event.type === 'RedemptionCancelled') {
      const redemption = redemptions.get(event.data.redemptionId) as Redemption;
      redemptions.set(event.data.redemptionId, { ...redemption, cancelled: true });
      redeemed -= event.data.amount;
    }
  }
  return { redemptions: Object.fromEntries(redemptions), redeemed };
}

const folded = (events: readonly PrepaymentEvent[]) => fold(prepaymentDecider, events) as Prepayment;

describe('the redemption log a prepayment folds', () => {
  it('folds 20,000 redemptions (4,000 cancelled) into what the reference reads, each prefix too', () => {
    const events = longHistory(20_000);
    expect(events).toHaveLength(1 + 20_000 + 4_000);
    for (const length of [1, 2, 3, 13, 1_000, events.length]) {
      const state = folded(events.slice(0, length));
      const reference = referenceFold(events.slice(0, length));
      expect(redemptionsById(state.redemptions)).toEqual(reference.redemptions);
      expect(state).toMatchObject({ redeemed: reference.redeemed, balance: made.data.amount - reference.redeemed, status: 'active' });
    }
  });

  it('extends one shared log along a fold instead of copying it per event, which made folding quadratic', () => {
    const events = longHistory(1_000);
    let state = evolvePrepayment({ status: 'none' }, made) as Prepayment;
    const log = state.redemptions.entries;
    for (const event of events.slice(1)) {
      state = evolvePrepayment(state, event) as Prepayment;
      expect(state.redemptions.entries).toBe(log);
    }
    expect(state.redemptions.length).toBe(1_200);
  });

  it('never changes what an older state answers when a newer one, or a sibling, records more', () => {
    const base = folded(longHistory(10));
    const redeemedAgain = (state: PrepaymentState, redemptionId: string, amount: number) =>
      evolvePrepayment(state, {
        type: 'PrepaymentRedeemed',
        data: { prepaymentId, merchantId, redemptionId, amount, balanceAfter: 0, redeemedAt: redeemedAt(99) },
      }) as Prepayment;
    const cancelled = (state: PrepaymentState, redemptionId: string) =>
      evolvePrepayment(state, {
        type: 'RedemptionCancelled',
        data: { prepaymentId, merchantId, redemptionId, amount: 2, balanceAfter: 0, cancelledAt: redeemedAt(99) },
      }) as Prepayment;
    const before = redemptionsById(base.redemptions);

    const newer = redeemedAgain(base, 'r-new', 3);
    const sibling = redeemedAgain(base, 'r-new', 4);
    const siblingCancelled = cancelled(sibling, 'r-1');
    const newerCancelled = cancelled(newer, 'r-new');

    expect(redemptionsById(base.redemptions)).toEqual(before);
    expect(findRedemption(base.redemptions, 'r-new')).toBeUndefined();
    expect(findRedemption(newer.redemptions, 'r-new')).toEqual({ amount: 3, at: redeemedAt(99), cancelled: false });
    expect(findRedemption(newerCancelled.redemptions, 'r-new')).toEqual({ amount: 3, at: redeemedAt(99), cancelled: true });
    expect(findRedemption(sibling.redemptions, 'r-new')).toEqual({ amount: 4, at: redeemedAt(99), cancelled: false });
    expect(findRedemption(sibling.redemptions, 'r-1')).toEqual({ amount: 2, at: redeemedAt(1), cancelled: false });
    expect(findRedemption(siblingCancelled.redemptions, 'r-1')).toEqual({ amount: 2, at: redeemedAt(1), cancelled: true });
    expect(findRedemption(newerCancelled.redemptions, 'r-1')).toEqual({ amount: 2, at: redeemedAt(1), cancelled: false });
    expect(redemptionsById(newerCancelled.redemptions)).toEqual({ ...before, 'r-new': { amount: 3, at: redeemedAt(99), cancelled: true } });
  });
});
