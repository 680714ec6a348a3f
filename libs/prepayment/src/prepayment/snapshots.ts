import type { StateSnapshots } from '@goodpay/event-store';
import type { PrepaymentState } from './state';

/**
 * The prepayment's folded state kept beside its stream, so a command on a prepayment with a
 * thousand earlier redemptions reads the snapshot and the few events after it. The state is
 * plain JSON of a fixed size (no redemption is in it: see redemption.ts), kept as it is.
 * Change `schema` with any change of the state's shape.
 */
export const prepaymentSnapshots: StateSnapshots<PrepaymentState> = {
  schema: 'prepayment/3',
  every: 20,
  encode: (state) => state,
  decode: (encoded) => encoded as PrepaymentState,
};
