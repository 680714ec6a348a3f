import { CreateSettlementLedger1732105000000 } from './1732105000000-create-settlement-ledger';

/** The settlement library's migrations, in order; they run after the event store's. */
export const settlementMigrations = [CreateSettlementLedger1732105000000];
