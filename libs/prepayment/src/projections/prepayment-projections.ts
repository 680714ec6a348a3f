import type { Projection } from '@goodpay/event-store';
import { CampaignDashboardProjection } from './campaign-dashboard.projection';
import { MerchantLedgerProjection } from './merchant-ledger.projection';
import { PrepaymentBalancesProjection } from './prepayment-balances.projection';

/** The prepayment context's projections, each owning its own tables (read-model/ migration). */
export const prepaymentProjections = (): Projection[] => [
  new PrepaymentBalancesProjection(),
  new MerchantLedgerProjection(),
  new CampaignDashboardProjection(),
];
