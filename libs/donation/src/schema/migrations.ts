import { CreateDonationLedger1732107000000 } from './1732107000000-create-donation-ledger';
import { TaxReceipts1796423238968 } from './1796423238968-tax-receipts';

import { CashbackReports1796424318327 } from './1796424318327-cashback-reports';

/** The donation library's migrations, in order; they run after the event store's. */
export const donationMigrations = [CreateDonationLedger1732107000000, TaxReceipts1796423238968, CashbackReports1796424318327];
