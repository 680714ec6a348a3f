import { Module, type OnModuleInit } from '@nestjs/common';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { CAMPAIGN_COMMAND_HANDLERS } from './campaign/handlers';
import { CampaignClocks } from './clock/campaign-clocks';
import { CampaignQueries } from './campaign/views/campaign-queries';
import { campaignConsumers } from './consumers';

/** Campaign commands, the `campaign-views` projection and its queries. */
@Module({
  imports: [EventStoreModule],
  providers: [...CAMPAIGN_COMMAND_HANDLERS, CampaignQueries, CampaignClocks],
  exports: [CampaignQueries, CampaignClocks],
})
export class CampaignModule implements OnModuleInit {
  constructor(private readonly subscriptions: Subscriptions) {}

  onModuleInit(): void {
    for (const consumer of campaignConsumers()) this.subscriptions.register(consumer);
  }
}
