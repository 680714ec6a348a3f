import { EventStore } from '@goodpay/event-store';
import { prepaymentFacts } from '../../certification/handlers/prepayment-facts';
import type { RaffleRound } from '../state';

/** Streams read at once: enough to be quick, few enough to leave the pool to others. */
const READS_AT_ONCE = 16;

/**
 * Of the prepayments the round's refundable entries stand on, those refunded now, each
 * folded from its own stream with the prepayment context's decider.
 */
export async function refundedPrepayments(store: EventStore, round: RaffleRound): Promise<string[]> {
  const ids = [...new Set([...round.refundableEntries.values()].flat().map((b) => b.prepaymentId))];
  const refunded: string[] = [];
  for (let i = 0; i < ids.length; i += READS_AT_ONCE) {
    const facts = await Promise.all(ids.slice(i, i + READS_AT_ONCE).map((id) => prepaymentFacts(store, id)));
    refunded.push(...facts.filter((f) => f?.refunded).map((f) => f!.prepaymentId));
  }
  return refunded;
}
