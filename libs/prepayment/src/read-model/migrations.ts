import { CreatePrepaymentReadModel1732103000000 } from './1732103000000-create-prepayment-read-model';
import { PrepaymentOrdersAndClaims1732103000001 } from './1732103000001-prepayment-orders-and-claims';
import { PrepaidTermsTables1796423004839 } from './1796423004839-prepaid-terms-tables';
import { RehearsalCampaignTargets1796424514775 } from './1796424514775-rehearsal-campaign-targets';
import { MerchantLedgerRehearsals1796425000000 } from './1796425000000-merchant-ledger-rehearsals';
import { RedemptionsCheckedByTheProjection1796426200000 } from './1796426200000-redemptions-checked-by-the-projection';

/** The prepayment read models' migrations, in order; they run after the event store's. */
export const prepaymentMigrations = [
  CreatePrepaymentReadModel1732103000000,
  PrepaymentOrdersAndClaims1732103000001,
  PrepaidTermsTables1796423004839,
  RehearsalCampaignTargets1796424514775,
  MerchantLedgerRehearsals1796425000000,
  RedemptionsCheckedByTheProjection1796426200000,
];
