import { Module, type OnModuleInit } from '@nestjs/common';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { MERCHANT_COMMAND_HANDLERS } from './merchant/handlers';
import { MerchantQueries } from './merchant/views/merchant-queries';
import { MerchantViewsProjection } from './merchant/views/merchant-views.projection';

/** Merchant commands, the `merchant-views` projection and its queries. */
@Module({
  imports: [EventStoreModule],
  providers: [...MERCHANT_COMMAND_HANDLERS, MerchantViewsProjection, MerchantQueries],
  exports: [MerchantQueries],
})
export class MerchantModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly projection: MerchantViewsProjection,
  ) {}

  onModuleInit(): void {
    this.subscriptions.register(this.projection);
  }
}
