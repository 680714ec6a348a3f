import { type DynamicModule, type InjectionToken, Module, type Provider } from '@nestjs/common';
import { EventStoreModule } from '@goodpay/event-store';
import {
  type PaymentConfirmationMode,
  PaymentConfirmations,
  paymentConfirmationsFor,
} from './payment-confirmations/payment-confirmations';
import { PREPAYMENT_COMMAND_HANDLERS } from './prepayment/handlers';
import { PrepaymentCodes } from './prepayment/prepayment-codes';

export interface PrepaymentAsyncOptions {
  inject?: InjectionToken[];
  /** Which built-in confirms platform payments (PAYMENT_CONFIRMATIONS), e.g. from the app's config. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest's own factory signature: the injected values' types are the caller's
  useFactory: (...args: any[]) => PaymentConfirmationMode;
}

/**
 * The prepayment commands: make (or order), confirm a payment, claim, redeem, cancel a
 * redemption, request and approve a refund. A deployment with a payment gateway overrides the
 * PaymentConfirmations provider.
 */
@Module({})
export class PrepaymentModule {
  static forRoot(mode: PaymentConfirmationMode = 'office'): DynamicModule {
    return PrepaymentModule.build({ provide: PaymentConfirmations, useValue: paymentConfirmationsFor(mode) });
  }

  static forRootAsync({ inject = [], useFactory }: PrepaymentAsyncOptions): DynamicModule {
    return PrepaymentModule.build({
      provide: PaymentConfirmations,
      inject,
      useFactory: (...args: unknown[]) => paymentConfirmationsFor(useFactory(...args)),
    });
  }

  private static build(payments: Provider): DynamicModule {
    return {
      module: PrepaymentModule,
      imports: [EventStoreModule],
      providers: [...PREPAYMENT_COMMAND_HANDLERS, PrepaymentCodes, payments],
      exports: [PrepaymentCodes, PaymentConfirmations],
    };
  }
}
