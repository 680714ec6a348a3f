import type { Consumer } from '@goodpay/event-store';
import { SettlementLedgerProjection } from './ledger/settlement-ledger.projection';
import type { ResolvedSettlementOptions } from './options/settlement-options';
import { payoutsReactor } from './run/payouts.reactor';
import { rehearsalSettlementsReactor } from './run/rehearsal-settlements.reactor';

/**
 * The settlement context's consumers: the one list its modules register (add one here, nowhere
 * else). The payouts reactor takes the payout attempts and backoff from the options.
 */
export const settlementConsumers = (options: ResolvedSettlementOptions): Consumer[] => [
  new SettlementLedgerProjection(),
  payoutsReactor(options),
  rehearsalSettlementsReactor(),
];
