import { type DynamicModule, type InjectionToken, Module, type Provider } from '@nestjs/common';
import { CampaignClocks } from '@goodpay/campaign';
import { EventStoreModule } from '@goodpay/event-store';
import { PaymentConfirmations } from './payment-confirmations/payment-confirmations';
import { GatewayRefunds } from './payment-gateway/gateway-refunds';
import { type PaymentGateway, paymentGatewayFor, type PaymentGatewaySettings, PaymentWebhooks } from './payment-gateway/payment-gateway';
import { PREPAYMENT_COMMAND_HANDLERS } from './prepayment/handlers';
import { PrepaymentCodes } from './prepayment/prepayment-codes';
import { PrepaymentClocks } from './prepayment/handlers/prepayment-clocks';
import { GATEWAY_COMMAND_HANDLERS } from './payment-gateway/handlers';

export interface PrepaymentAsyncOptions {
  inject?: InjectionToken[];
  /** Which gateway confirms platform payments (PAYMENT_CONFIRMATIONS, and PortOne's credentials), e.g. from the app's config. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest's own factory signature: the injected values' types are the caller's
  useFactory: (...args: any[]) => PaymentGatewaySettings;
}

const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');

/**
 * The prepayment commands: make (or order), confirm a payment, claim, redeem, cancel a
 * redemption, request and approve a refund. A deployment with a payment gateway overrides the
 * PaymentConfirmations provider.
 */
@Module({})
export class PrepaymentModule {
  static forRoot(settings: PaymentGatewaySettings = 'office'): DynamicModule {
    return PrepaymentModule.build({ provide: PAYMENT_GATEWAY, useValue: paymentGatewayFor(settings) });
  }

  static forRootAsync({ inject = [], useFactory }: PrepaymentAsyncOptions): DynamicModule {
    return PrepaymentModule.build({
      provide: PAYMENT_GATEWAY,
      inject,
      useFactory: (...args: unknown[]) => paymentGatewayFor(useFactory(...args)),
    });
  }

  private static build(gateway: Provider): DynamicModule {
    const faces: Provider[] = [
      { provide: PaymentConfirmations, inject: [PAYMENT_GATEWAY], useFactory: (g: PaymentGateway) => g.confirmations },
      { provide: GatewayRefunds, inject: [PAYMENT_GATEWAY], useFactory: (g: PaymentGateway) => g.refunds },
      { provide: PaymentWebhooks, inject: [PAYMENT_GATEWAY], useFactory: (g: PaymentGateway) => g.webhooks },
    ];
    return {
      module: PrepaymentModule,
      imports: [EventStoreModule],
      providers: [
        ...PREPAYMENT_COMMAND_HANDLERS,
        ...GATEWAY_COMMAND_HANDLERS,
        PrepaymentCodes,
        CampaignClocks,
        PrepaymentClocks,
        gateway,
        ...faces,
      ],
      exports: [PrepaymentCodes, PaymentConfirmations, GatewayRefunds, PaymentWebhooks],
    };
  }
}
