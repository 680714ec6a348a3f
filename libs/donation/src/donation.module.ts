import { type DynamicModule, Module } from '@nestjs/common';
import { EventStoreModule } from '@goodpay/event-store';
import { DonationReadModule } from './donation-read.module';
import { DONATION_COMMAND_HANDLERS } from './handlers';
import { DONATION_OPTIONS, type DonationOptions, resolveDonationOptions } from './options/donation-options';
import { ReceiptIssuer } from './receipts/receipt-issuer';

/**
 * The api side of donations: citizens' cashback donations, staff disbursements and receipt
 * runs, and the read side. The worker needs only DonationReadModule (its projections).
 */
@Module({})
export class DonationModule {
  static forRoot(options: DonationOptions = {}): DynamicModule {
    return {
      module: DonationModule,
      imports: [EventStoreModule, DonationReadModule],
      providers: [{ provide: DONATION_OPTIONS, useValue: resolveDonationOptions(options) }, ReceiptIssuer, ...DONATION_COMMAND_HANDLERS],
      exports: [DonationReadModule, ReceiptIssuer, DONATION_OPTIONS],
    };
  }
}
