import type { Consumer } from '@goodpay/event-store';
import { CashbackFiguresProcess } from './cashback/cashback-figures.process';
import { DonationLedgerProjection } from './ledger/donation-ledger.projection';
import { DonationPledgesProcess } from './pledges/donation-pledges.process';

/** The donation context's consumers: the one list its read module registers (add one here, nowhere else). */
export const donationConsumers = (): Consumer[] => [
  new DonationLedgerProjection(),
  new DonationPledgesProcess(),
  new CashbackFiguresProcess(),
];
