import fc from 'fast-check';
import type { SettlementItem } from './events';
import { settlementFigures, unreconciled } from './figures';

const item = fc.record({
  kind: fc.constantFrom<SettlementItem['kind']>('collected', 'refunded'),
  amount: fc.integer({ min: 1, max: 5_000_000 }),
  pledgeBasisPoints: fc.constantFrom(0, 100, 300, 500),
});

/** Days of a shop's items, settled one after the other with the deduction carried between them. */
const days = fc.array(fc.array(item, { maxLength: 12 }), { minLength: 1, maxLength: 20 });

describe('settlement figures: the reconciliation identity', () => {
  it('collected = payout + fee + pledge + refunds + deduction carried in - carried out, every day, to the won', () => {
    fc.assert(
      fc.property(days, fc.integer({ min: 0, max: 10_000 }), (itemsByDay, feeBasisPoints) => {
        let carried = 0;
        const totals = { collected: 0, refunded: 0, fee: 0, pledge: 0, payout: 0 };
        itemsByDay.forEach((raw, d) => {
          const items: SettlementItem[] = raw.map((r, i) => ({
            ...r,
            itemId: `${d}-${i}`,
            prepaymentId: `p-${d}-${i}`,
            occurredAt: '2025-01-13T01:00:00Z',
            day: '2025-01-13',
            pledgeBasisPoints: r.kind === 'collected' ? r.pledgeBasisPoints : 0,
          }));
          const figures = settlementFigures(items, feeBasisPoints, carried);
          expect(unreconciled(figures)).toBe(0n);
          expect(figures.payout).toBeGreaterThanOrEqual(0);
          expect(figures.carriedOut).toBeGreaterThanOrEqual(0);
          expect(figures.payout === 0 || figures.carriedOut === 0).toBe(true);
          expect(figures.carriedIn).toBe(carried);
          for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += figures[key];
          carried = figures.carriedOut;
        });
        // Over the whole history nothing is lost: what was collected was paid out, kept as fee,
        // given as pledge, refunded, or is still owed back by the shop (the deduction carried).
        expect(totals.collected + carried).toBe(totals.payout + totals.fee + totals.pledge + totals.refunded);
      }),
      { numRuns: 300 },
    );
  });
});
