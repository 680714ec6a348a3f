import { CreateSettlementLedger1732105000000 } from './1732105000000-create-settlement-ledger';
import { CreateRecordedAccountHolders1796412109006 } from './1796412109006-create-recorded-account-holders';
import { RehearsalSettlementsAndSettledDays1796423683220 } from './1796423683220-rehearsal-settlements-and-settled-days';

/** The settlement library's migrations, in order; they run after the event store's. */
export const settlementMigrations = [
  CreateSettlementLedger1732105000000,
  CreateRecordedAccountHolders1796412109006,
  RehearsalSettlementsAndSettledDays1796423683220,
];
