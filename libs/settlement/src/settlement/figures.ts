import { type Krw, krwFigure, type KrwFigure, percentOf, sumKrw } from '@goodpay/shared';
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
  // Summed exactly (bigint), then written as the event's JSON numbers, which must hold them.
  const collectedItems = items.filter((item) => item.kind === 'collected');
  const collected = sumKrw(collectedItems.map((item) => item.amount));
  const refunded = sumKrw(items.filter((item) => item.kind === 'refunded').map((item) => item.amount));
  const fee = (collected * BigInt(feeBasisPoints)) / 10_000n;
  const pledge = sumKrw(collectedItems.map((item) => percentOf(item.amount, item.pledgeBasisPoints)));
  const net = collected - refunded - fee - pledge - BigInt(carriedIn);
  return {
    collected: safeKrw(collected),
    refunded: safeKrw(refunded),
    feeBasisPoints,
    fee: safeKrw(fee),
    pledge: safeKrw(pledge),
    carriedIn,
    payout: safeKrw(net > 0n ? net : 0n),
    carriedOut: safeKrw(net < 0n ? -net : 0n),
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

/**
 * A day's figure as the event's JSON number. Items are bounded by the prepayment maximum, so
 * only about 90 million prepayments at one shop in one day could pass 2^53: refuse rather than round.
 */
function safeKrw(figure: KrwFigure): Krw {
  if (figure > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`settlement figure out of safe range: ${figure}`);
  return Number(figure);
}
