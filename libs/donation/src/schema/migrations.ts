import { CreateDonationLedger1732107000000 } from './1732107000000-create-donation-ledger';

/** The donation library's migrations, in order; they run after the event store's. */
export const donationMigrations = [CreateDonationLedger1732107000000];
