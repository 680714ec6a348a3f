import type { Projection } from '@goodpay/event-store';
import { CampaignDashboardProjection } from './campaign-dashboard.projection';
import { MerchantLedgerProjection } from './merchant-ledger.projection';
import { PrepaymentBalancesProjection } from './prepayment-balances.projection';
import { GatewayRefundsReactor } from '../payment-gateway/refunds/gateway-refunds.reactor';

/**
 * The prepayment context's projections, each owning its own tables (read-model/ migration), and
 * its reactor that fills the outbox of refunds to return through the gateway.
 */
export const prepaymentProjections = (): Projection[] => [
  new PrepaymentBalancesProjection(),
  new MerchantLedgerProjection(),
  new CampaignDashboardProjection(),
  new GatewayRefundsReactor(),
];
