import { fold } from '@goodpay/event-store';
import { merchantId, prepaymentMade } from '../test/fixtures';
import { prepaymentDecider } from './decider';
import type { PrepaymentEvent } from './events';
import { type Redemption, redemptionFrom } from './redemption';
import { prepaymentSnapshots } from './snapshots';
import type { Prepayment } from './state';

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

/** The obvious reading of the same events: redemptions by id and what stays redeemed. */
function referenceFold(events: readonly PrepaymentEvent[]): { redemptions: Map<string, Redemption>; redeemed: number } {
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
  return { redemptions, redeemed };
}

const folded = (events: readonly PrepaymentEvent[]) => fold(prepaymentDecider, events) as Prepayment;

describe('redemptions', () => {
  it('fold into what stays redeemed, and each reads back by its id from its own events as the reference reads it', () => {
    const events = longHistory(2_000);
    expect(events).toHaveLength(1 + 2_000 + 400);
    for (const length of [1, 2, 3, 13, 1_000, events.length]) {
      const prefix = events.slice(0, length);
      const reference = referenceFold(prefix);
      expect(folded(prefix)).toMatchObject({
        redeemed: reference.redeemed,
        balance: made.data.amount - reference.redeemed,
        status: 'active',
      });
      for (const [redemptionId, redemption] of reference.redemptions) {
        const own = prefix.filter((e) => 'redemptionId' in e.data && e.data.redemptionId === redemptionId);
        expect(redemptionFrom(own, redemptionId)).toEqual(redemption);
        expect(redemptionFrom(prefix, redemptionId)).toEqual(redemption);
      }
    }
  });

  it('are not kept in the state: its snapshot is as large after 20,000 redemptions as after 10', () => {
    const size = (n: number) => JSON.stringify(prepaymentSnapshots.encode(folded(longHistory(n)))).length;
    // Only the digits of the sums grow.
    expect(size(20_000) - size(10)).toBeLessThan(16);
  });

  it('read back as none for an id no redemption has, and a cancellation alone tells none', () => {
    const events = longHistory(3);
    expect(redemptionFrom(events, 'r-9')).toBeNull();
    expect(redemptionFrom(events, 'toString')).toBeNull();
    expect(redemptionFrom(events.slice(2), 'r-0')).toBeNull();
  });
});
