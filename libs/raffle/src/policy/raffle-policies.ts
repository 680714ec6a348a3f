import { Injectable } from '@nestjs/common';
import { DEFAULT_RAFFLE_POLICY, type RafflePolicy } from './raffle-policy';

/**
 * Where the raffle policy of a campaign comes from. Today every campaign has the defaults;
 * an app may provide another implementation once campaigns carry these settings.
 */
@Injectable()
export class RafflePolicies {
  forCampaign(_campaignId: string): RafflePolicy {
    return DEFAULT_RAFFLE_POLICY;
  }
}
