import { type DynamicModule, type InjectionToken, Module } from '@nestjs/common';
import { EventStoreModule } from '@goodpay/event-store';
import { DonationReadModule } from './donation-read.module';
import { DONATION_COMMAND_HANDLERS } from './handlers';
import { DONATION_OPTIONS, type DonationOptions, resolveDonationOptions } from './options/donation-options';
import { ReceiptIssuer } from './receipts/receipt-issuer';
import { TaxReceiptDocuments } from './receipts/tax-receipt-documents';
import { TaxReceipts } from './receipts/tax-receipts';

/**
 * The api side of donations: citizens' cashback donations, staff disbursements and receipt
 * runs, and the read side. The worker needs only DonationReadModule (its projections).
 */
@Module({})
export class DonationModule {
  /** With options from the app's configuration (the chest's registration number and address, the type code). */
  static forRootAsync(options: { inject: InjectionToken[]; useFactory: (...args: never[]) => DonationOptions }): DynamicModule {
    const root = DonationModule.forRoot();
    return {
      ...root,
      providers: [
        ...(root.providers ?? []).filter(
          (provider) => !(typeof provider === 'object' && 'provide' in provider && provider.provide === DONATION_OPTIONS),
        ),
        {
          provide: DONATION_OPTIONS,
          inject: options.inject,
          useFactory: (...args: never[]) => resolveDonationOptions(options.useFactory(...args)),
        },
      ],
    };
  }

  static forRoot(options: DonationOptions = {}): DynamicModule {
    return {
      module: DonationModule,
      imports: [EventStoreModule, DonationReadModule],
      providers: [
        { provide: DONATION_OPTIONS, useValue: resolveDonationOptions(options) },
        ReceiptIssuer,
        TaxReceipts,
        TaxReceiptDocuments,
        ...DONATION_COMMAND_HANDLERS,
      ],
      exports: [DonationReadModule, ReceiptIssuer, TaxReceipts, TaxReceiptDocuments, DONATION_OPTIONS],
    };
  }
}
