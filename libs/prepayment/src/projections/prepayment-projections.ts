import type { Consumer } from '@goodpay/event-store';
import { CampaignDashboardProjection } from './campaign-dashboard.projection';
import { MerchantLedgerProjection } from './merchant-ledger.projection';
import { PrepaymentBalancesProjection } from './prepayment-balances.projection';
import { gatewayRefundsReactor } from '../payment-gateway/refunds/gateway-refunds.reactor';
import { expiryWatchProjection } from '../terms/expiry-watch.projection';
import { prepaidTermsProcess } from '../terms/prepaid-terms.process';

/**
 * The prepayment context's consumers, each projection owning its own tables: the one list its
 * read module registers (add one here, nowhere else).
 */
export const prepaymentConsumers = (): Consumer[] => [
  new PrepaymentBalancesProjection(),
  new MerchantLedgerProjection(),
  new CampaignDashboardProjection(),
  gatewayRefundsReactor(),
  // The prepaid-certificate terms (terms/): expiry notices' watch list; shop closures and campaign ends.
  expiryWatchProjection(),
  prepaidTermsProcess() as Consumer,
];
