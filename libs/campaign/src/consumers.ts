import type { Consumer } from '@goodpay/event-store';
import { CampaignViewsProjection } from './campaign/views/campaign-views.projection';

/** The campaign context's consumers: the one list its module registers (add one here, nowhere else). */
export const campaignConsumers = (): Consumer[] => [new CampaignViewsProjection()];
