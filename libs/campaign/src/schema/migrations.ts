import { CreateCampaignViews1732201000000 } from './1732201000000-create-campaign-views';
import { CampaignRehearsals1796423167717 } from './1796423167717-campaign-rehearsals';
import { CampaignViewsPrepaidTerms1796424284034 } from './1796424284034-campaign-views-prepaid-terms';

/** The campaign library's migrations, in order; apps append them to their list. */
export const campaignMigrations = [
  CreateCampaignViews1732201000000,
  CampaignRehearsals1796423167717,
  CampaignViewsPrepaidTerms1796424284034,
];
