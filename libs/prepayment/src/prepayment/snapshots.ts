import type { StateSnapshots } from '@goodpay/event-store';
import { emptyRedemptionLog, recordRedemption, type Redemption, type RedemptionLog } from './redemption-log';
import type { Prepayment, PrepaymentState } from './state';

/** A redemption as kept in a snapshot: id, amount, when, cancelled. */
type EncodedRedemption = [string, number, string, boolean];

/**
 * The prepayment's folded state kept beside its stream, so a redemption on a prepayment with
 * a thousand earlier ones reads the snapshot and the few events after it. Every redemption is
 * in it (the decider looks any of them up by id), one array entry each, in the order first
 * recorded. Change `schema` with any change of the state's shape or of this encoding.
 */
export const prepaymentSnapshots: StateSnapshots<PrepaymentState> = {
  schema: 'prepayment/2',
  every: 20,
  encode(state) {
    if (state.status === 'none') return state;
    return { ...state, redemptions: encodeRedemptions(state.redemptions) };
  },
  decode(encoded) {
    const state = encoded as PrepaymentState | (Omit<Prepayment, 'redemptions'> & { redemptions: EncodedRedemption[] });
    if (state.status === 'none') return state;
    let redemptions = emptyRedemptionLog();
    for (const [id, amount, at, cancelled] of state.redemptions as EncodedRedemption[]) {
      redemptions = recordRedemption(redemptions, id, { amount, at, cancelled } satisfies Redemption);
    }
    return { ...state, redemptions } as Prepayment;
  },
};

/** Each id once, in the order first recorded, as this state sees it (its latest entry). */
function encodeRedemptions(log: RedemptionLog): EncodedRedemption[] {
  const latest = new Map<string, Redemption>();
  for (let i = 0; i < log.length; i += 1) latest.set(log.entries[i].redemptionId, log.entries[i].redemption);
  return [...latest].map(([id, r]) => [id, r.amount, r.at, r.cancelled]);
}
