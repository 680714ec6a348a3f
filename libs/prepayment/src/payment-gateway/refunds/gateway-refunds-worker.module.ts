import { CampaignClocks } from '@goodpay/campaign';
import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, type InjectionToken, Module } from '@nestjs/common';
import { EventStoreModule } from '@goodpay/event-store';
import { GatewayRefunds } from '../gateway-refunds';
import { paymentGatewayFor, type PaymentGatewaySettings } from '../payment-gateway';
import { GATEWAY_REFUND_QUEUE } from './gateway-refund-queue';
import { GatewayRefundReturn } from './gateway-refund-return';
import { GatewayRefundProcessor } from './gateway-refund.processor';

export interface GatewayRefundsAsyncOptions {
  inject?: InjectionToken[];
  /** The gateway (as the api's), e.g. from the app's config. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest's own factory signature: the injected values' types are the caller's
  useFactory: (...args: any[]) => { gateway: PaymentGatewaySettings };
}

/**
 * The worker side of refunds: the job that cancels each refunded payment at its gateway. The
 * jobs come from the gateway-refunds reactor (PrepaymentReadModule registers it) through the
 * consumers' outbox.
 */
@Module({})
export class GatewayRefundsWorkerModule {
  static forRootAsync({ inject = [], useFactory }: GatewayRefundsAsyncOptions): DynamicModule {
    return {
      module: GatewayRefundsWorkerModule,
      // Not PrepaymentModule: beside the api's (standalone), its command handlers would be registered twice.
      imports: [EventStoreModule, BullModule.registerQueue({ name: GATEWAY_REFUND_QUEUE })],
      providers: [
        { provide: GatewayRefunds, inject, useFactory: (...args: unknown[]) => paymentGatewayFor(useFactory(...args).gateway).refunds },
        CampaignClocks,
        GatewayRefundReturn,
        GatewayRefundProcessor,
      ],
      exports: [GatewayRefundReturn],
    };
  }
}
