import { Module, type OnModuleInit } from '@nestjs/common';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { CAMPAIGN_COMMAND_HANDLERS } from './campaign/handlers';
import { CampaignQueries } from './campaign/views/campaign-queries';
import { CampaignViewsProjection } from './campaign/views/campaign-views.projection';

/** Campaign commands, the `campaign-views` projection and its queries. */
@Module({
  imports: [EventStoreModule],
  providers: [...CAMPAIGN_COMMAND_HANDLERS, CampaignViewsProjection, CampaignQueries],
  exports: [CampaignQueries],
})
export class CampaignModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly projection: CampaignViewsProjection,
  ) {}

  onModuleInit(): void {
    this.subscriptions.register(this.projection);
  }
}
