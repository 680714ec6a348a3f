import { Module, type OnModuleInit } from '@nestjs/common';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { MERCHANT_COMMAND_HANDLERS } from './merchant/handlers';
import { MerchantQueries } from './merchant/views/merchant-queries';
import { merchantConsumers } from './consumers';

/** Merchant commands, the `merchant-views` projection and its queries. */
@Module({
  imports: [EventStoreModule],
  providers: [...MERCHANT_COMMAND_HANDLERS, MerchantQueries],
  exports: [MerchantQueries],
})
export class MerchantModule implements OnModuleInit {
  constructor(private readonly subscriptions: Subscriptions) {}

  onModuleInit(): void {
    for (const consumer of merchantConsumers()) this.subscriptions.register(consumer);
  }
}
