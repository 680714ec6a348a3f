import fc from 'fast-check';
import { DomainError } from '@goodpay/shared';
import { type DonorCommand, donorDecider, type DonorState } from './decider';
import type { DonorRef } from './donor';
import type { DonationReceiptIssued, DonorEvent } from './events';

/**
 * Whatever a citizen donates, from whichever month's cashback, and whenever receipts are
 * issued: what was given from a month never exceeds the cashback reported with the last gift
 * of it; no donation is on two receipts; and once each year is receipted, every donated won is
 * on exactly one receipt, the receipts' totals adding up to the donations.
 */

const citizen: DonorRef = { type: 'citizen', id: 'c-1' };
const MONTHS = ['2024-11', '2024-12', '2025-01'];

type Step = { kind: 'donate'; month: string; amount: number; reported: number; day: number } | { kind: 'issue'; year: 2024 | 2025 };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('donate' as const),
    month: fc.constantFrom(...MONTHS),
    amount: fc.integer({ min: 1, max: 30_000 }),
    reported: fc.integer({ min: 1, max: 60_000 }),
    day: fc.integer({ min: 0, max: 60 }),
  }),
  fc.record({ kind: fc.constant('issue' as const), year: fc.constantFrom(2024 as const, 2025 as const) }),
);

function run(steps: readonly Step[]) {
  let state: DonorState = donorDecider.initialState();
  const log: DonorEvent[] = [];
  let numbers = 0;
  const apply = (command: DonorCommand) => {
    try {
      const events = donorDecider.decide(command, state);
      for (const event of events) state = donorDecider.evolve(state, event);
      log.push(...events);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  };
  const issue = (year: number) => {
    numbers += 1;
    apply({
      type: 'IssueReceipt',
      donor: citizen,
      year,
      number: numbers,
      receiptId: `r-${numbers}`,
      donorName: 'c*-1',
      now: '2025-03-01T00:00:00.000Z',
    });
  };
  steps.forEach((s, index) => {
    if (s.kind === 'issue') return issue(s.year);
    // Donations are made from 2024-12-01 on, a day at a time, so both years get some.
    const now = new Date(Date.parse('2024-12-01T03:00:00Z') + s.day * 86_400_000).toISOString();
    apply({
      type: 'DonateCashback',
      donationId: `d-${index}`,
      donor: citizen,
      amount: s.amount,
      reportedCashback: s.reported,
      cashbackMonth: s.month,
      cardReference: '1234',
      now,
    });
  });
  issue(2024);
  issue(2025);
  return log;
}

describe('donor decider, property: the cashback cap and receipts hold whatever happens', () => {
  it('never gives more from a month than reported, and puts every won on exactly one receipt', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const log = run(steps);
        const given = new Map<string, number>();
        const donations = new Map<string, number>();
        const listed = new Map<string, number>();
        for (const event of log) {
          if (event.type === 'CashbackDonated') {
            const total = (given.get(event.data.cashbackMonth) ?? 0) + event.data.amount;
            expect(total).toBeLessThanOrEqual(event.data.reportedCashback);
            given.set(event.data.cashbackMonth, total);
            donations.set(event.data.donationId, event.data.amount);
          }
          if (event.type === 'DonationReceiptIssued') {
            const receipt: DonationReceiptIssued['data'] = event.data;
            expect(receipt.total).toBe(receipt.items.reduce((sum, item) => sum + item.amount, 0));
            for (const item of receipt.items) {
              expect(listed.has(item.donationId)).toBe(false);
              expect(item.donatedOn.startsWith(`${receipt.year}-`)).toBe(true);
              listed.set(item.donationId, item.amount);
            }
          }
        }
        expect(listed).toEqual(donations);
      }),
      { numRuns: 300 },
    );
  });
});
