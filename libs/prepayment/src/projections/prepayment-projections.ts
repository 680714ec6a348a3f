import type { Consumer } from '@goodpay/event-store';
import { CampaignDashboardProjection } from './campaign-dashboard.projection';
import { MerchantLedgerProjection } from './merchant-ledger.projection';
import { PrepaymentBalancesProjection } from './prepayment-balances.projection';
import { gatewayRefundsReactor } from '../payment-gateway/refunds/gateway-refunds.reactor';

/**
 * The prepayment context's consumers, each projection owning its own tables: the one list its
 * read module registers (add one here, nowhere else).
 */
export const prepaymentConsumers = (): Consumer[] => [
  new PrepaymentBalancesProjection(),
  new MerchantLedgerProjection(),
  new CampaignDashboardProjection(),
  gatewayRefundsReactor(),
];
