import fc from 'fast-check';
import { type Actor, DomainError } from '@goodpay/shared';
import { staff, stateAfter } from '../../../event-store/src/decider/testing';
import { approvedMerchant, campaign, closedCampaign, merchant, prepaymentMade, shop } from '../test/fixtures';
import type { PrepaymentCommand } from './commands';
import { prepaymentDecider } from './decider';
import type { PrepaymentEvent, PrepaymentMade } from './events';
import { redemptionFrom } from './redemption';
import type { Prepayment } from './state';

/**
 * Whatever the merchant, the payer and staff do, in whatever order and at whatever time,
 * the balance never goes negative nor above the face value and always equals, from the log
 * alone, amount - redeemed (not cancelled) - refunded; a cancellation takes back one standing
 * redemption; at most one refund, and nothing is redeemed or cancelled after it.
 */

const payer: Actor = { id: 'c-1', role: 'citizen' };
const paidAt = Date.parse('2025-01-20T01:00:00Z');
const contexts = {
  openCampaign: campaign(),
  closedCampaign: closedCampaign(),
  approvedMerchant: approvedMerchant(),
  closedMerchant: merchant('ApproveMerchant', 'CloseMerchant'),
};

const made = (amount: number): PrepaymentMade => prepaymentMade({ prepaymentId: 'p-1', amount, paidAt: new Date(paidAt).toISOString() });

/** Minutes before each step: mostly within the day, sometimes days, so the same-day, 7-day and campaign-end rules all apply. */
const later = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 120 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 * 24 * 60 }) },
);
const amount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 120_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -1_000, max: 0 }) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 50_000, noNaN: true }) },
);
const step = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('redeem' as const),
      amount,
      later,
      by: fc.constantFrom('shop', 'shop', 'shop', 'otherShop'),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(), later }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('request' as const), merchantClosed: fc.boolean(), campaignClosed: fc.boolean(), later }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('approve' as const), byStaff: fc.boolean(), later }) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** A command as its handler makes it: a new redemption id per visit; a cancellation with its redemption as the log tells it. */
function commandFor(s: Step, index: number, now: string, redemptionIds: string[], history: readonly PrepaymentEvent[]): PrepaymentCommand {
  const base = { prepaymentId: 'p-1', now };
  switch (s.kind) {
    case 'redeem': {
      const redemptionId = `r-${index}`;
      const actor = s.by === 'otherShop' ? { ...shop, merchantId: 'm-2' } : shop;
      return { ...base, type: 'RedeemPrepayment', actor, redemptionId, amount: s.amount };
    }
    case 'cancel': {
      const redemptionId = redemptionIds[s.pick % Math.max(1, redemptionIds.length)] ?? 'r-none';
      return { ...base, type: 'CancelRedemption', actor: shop, redemptionId, redemption: redemptionFrom(history, redemptionId) };
    }
    case 'request':
      return {
        ...base,
        type: 'RequestRefund',
        actor: payer,
        merchant: s.merchantClosed ? contexts.closedMerchant : contexts.approvedMerchant,
        campaign: s.campaignClosed ? contexts.closedCampaign : contexts.openCampaign,
      };
    case 'approve':
      return { ...base, type: 'ApproveRefund', actor: s.byStaff ? staff : shop };
  }
}

/** The invariants, computed from the log itself rather than from the decider's state. */
function checkInvariants(faceValue: number, history: readonly PrepaymentEvent[]): void {
  let redeemed = 0;
  let refunded = 0;
  let refunds = 0;
  /** Redemptions still standing, by id: a cancellation takes back exactly one of them. */
  const standing = new Map<string, number>();
  history.forEach((event, index) => {
    if (event.type === 'PrepaymentRedeemed') {
      redeemed += event.data.amount;
      standing.set(event.data.redemptionId, event.data.amount);
    }
    if (event.type === 'RedemptionCancelled') {
      expect(standing.get(event.data.redemptionId)).toBe(event.data.amount);
      standing.delete(event.data.redemptionId);
      redeemed -= event.data.amount;
    }
    if (event.type === 'PrepaymentRefunded') {
      refunded += event.data.amount;
      refunds += 1;
    }
    const balance = faceValue - redeemed - refunded;
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(balance).toBeLessThanOrEqual(faceValue);
    if ('balanceAfter' in event.data) expect(event.data.balanceAfter).toBe(balance);
    if (refunds > 0 && (event.type === 'PrepaymentRedeemed' || event.type === 'RedemptionCancelled')) {
      throw new Error(`event ${index} (${event.type}) follows a refund`);
    }
  });
  expect(refunds).toBeLessThanOrEqual(1);
  const state = stateAfter(prepaymentDecider, history) as Prepayment;
  expect(state.balance).toBe(faceValue - redeemed - refunded);
  expect(state.redeemed).toBe(redeemed);
  expect(state.refunded).toBe(refunded);
  expect(state.status).toBe(refunds > 0 ? 'refunded' : state.balance === 0 ? 'exhausted' : 'active');
}

describe('prepayment decider: properties', () => {
  it('never lets the balance go negative, and the balance always follows from the log', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 300_000 }), fc.array(step, { maxLength: 40 }), (faceValue, steps) => {
        const history: PrepaymentEvent[] = [made(faceValue)];
        const redemptionIds: string[] = [];
        let clock = paidAt;
        steps.forEach((s, index) => {
          clock += s.later * 60_000;
          const command = commandFor(s, index, new Date(clock).toISOString(), redemptionIds, history);
          try {
            const decided = prepaymentDecider.decide(command, stateAfter(prepaymentDecider, history));
            history.push(...decided);
            for (const event of decided) if (event.type === 'PrepaymentRedeemed') redemptionIds.push(event.data.redemptionId);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error; // a refusal is fine; a crash is a bug
          }
          checkInvariants(faceValue, history);
        });
      }),
      { numRuns: 300 },
    );
  });
});
