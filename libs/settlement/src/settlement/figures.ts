import { type Krw, krwFigure, type KrwFigure, percentOf } from '@goodpay/shared';
import type { SettlementFigures, SettlementItem } from './events';

/**
 * gross collected - refunds - fee - donation pledge - deduction carried in = net.
 *
 * - The fee is `feeBasisPoints` of what was collected, rounded down to the won.
 * - The pledge is each sale's donation-angel share at the rate in force when it was sold,
 *   rounded down per sale: it accrues on sales; a later refund does not take it back (the
 *   refund is still taken off what the shop is paid).
 * - A negative net day (refunds beyond what was collected) is never a negative payout: the
 *   payout is 0 and the shortfall is carried forward as a deduction from the shop's next
 *   settlement (`carriedOut`, becoming the next one's `carriedIn`).
 *
 * So, for every settlement: collected + carriedOut = payout + fee + pledge + refunded + carriedIn.
 */
export function settlementFigures(items: readonly SettlementItem[], feeBasisPoints: number, carriedIn: Krw): SettlementFigures {
  const collectedItems = items.filter((item) => item.kind === 'collected');
  const collected = sum(collectedItems.map((item) => item.amount));
  const refunded = sum(items.filter((item) => item.kind === 'refunded').map((item) => item.amount));
  const fee = percentOf(collected, feeBasisPoints);
  const pledge = sum(collectedItems.map((item) => percentOf(item.amount, item.pledgeBasisPoints)));
  const net = collected - refunded - fee - pledge - carriedIn;
  return {
    collected,
    refunded,
    feeBasisPoints,
    fee,
    pledge,
    carriedIn,
    payout: Math.max(0, net),
    carriedOut: Math.max(0, -net),
  };
}

type ReconciledFigure = 'collected' | 'payout' | 'fee' | 'pledge' | 'refunded' | 'carriedIn' | 'carriedOut';

/** What the reconciliation checks: collected minus where it went, exactly. 0 when the settlement adds up. */
export function unreconciled(figures: Record<ReconciledFigure, Krw | KrwFigure>): KrwFigure {
  const [collected, payout, fee, pledge, refunded, carriedIn, carriedOut] = (
    ['collected', 'payout', 'fee', 'pledge', 'refunded', 'carriedIn', 'carriedOut'] as const
  ).map((key) => krwFigure(figures[key]));
  return collected + carriedOut - (payout + fee + pledge + refunded + carriedIn);
}

const sum = (amounts: readonly Krw[]): Krw => amounts.reduce((total, amount) => total + amount, 0);
