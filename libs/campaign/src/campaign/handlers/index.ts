export * from './create-campaign.handler';
export * from './campaign-changes.handlers';

import { CreateCampaignHandler } from './create-campaign.handler';
import {
  AdvanceRehearsalClockHandler,
  ChangeCampaignHandler,
  CloseCampaignHandler,
  DeleteRehearsalHandler,
  ExtendCampaignHandler,
} from './campaign-changes.handlers';

export const CAMPAIGN_COMMAND_HANDLERS = [
  CreateCampaignHandler,
  ChangeCampaignHandler,
  ExtendCampaignHandler,
  CloseCampaignHandler,
  AdvanceRehearsalClockHandler,
  DeleteRehearsalHandler,
];
