import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { campaignClock, campaignDecider, campaignStream } from '@goodpay/campaign';
import { seoulDate } from '@goodpay/shared';
import { EventStore, type Sql, sqlOn } from '@goodpay/event-store';
import { Clock, SYSTEM_ACTOR } from '@goodpay/shared';
import { onPrepayment } from '../../prepayment/handlers/prepayment-command';

export interface CampaignEndSweepResult {
  campaigns: number;
  offered: number;
}

/**
 * A campaign that ran past its last day without being closed ends all the same: the daily
 * sweep offers each holder of its balances the choice (OfferCampaignEndChoice), as closing it
 * would (the prepaid-terms process manager). The prepayment's own decision offers once, so a
 * repeated or doubled sweep offers nothing twice; a campaign is marked done only once every
 * offer went through. Each campaign ends on its own clock: a rehearsal's on its moved days.
 */
@Injectable()
export class CampaignEndSweep {
  private readonly sql: Sql;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    dataSource: DataSource,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async sweep(correlationId: string): Promise<CampaignEndSweepResult> {
    // Every campaign not offered yet (a few): whether it has ended is for its own clock to say.
    const { rows: unoffered } = await this.sql.query<{ campaign_id: string }>(
      `SELECT campaign_id FROM prepaid_terms_campaigns WHERE NOT offered ORDER BY campaign_id`,
    );
    let offered = 0;
    let campaigns = 0;
    for (const { campaign_id: campaignId } of unoffered) {
      const { state } = await this.store.aggregate(campaignStream(campaignId), campaignDecider);
      if (state.status === 'not_created' || state.rehearsal?.deleted) continue;
      const now = campaignClock(state, this.clock).now().toISOString();
      if (state.endsOn >= seoulDate(now)) continue;
      campaigns += 1;
      const { rows: holdings } = await this.sql.query<{ prepayment_id: string }>(
        'SELECT prepayment_id FROM prepaid_terms_holdings WHERE campaign_id = $1 ORDER BY prepayment_id',
        [campaignId],
      );
      for (const { prepayment_id: prepaymentId } of holdings) {
        const result = await onPrepayment(
          this.store,
          { actor: SYSTEM_ACTOR, correlationId },
          prepaymentId,
          () => ({
            type: 'OfferCampaignEndChoice',
            actor: SYSTEM_ACTOR,
            prepaymentId,
            campaignId,
            keepAllowed: state.prepaidTerms.keepAfterCampaignEnd,
            now,
          }),
          () => ({ prepaymentId }),
        );
        if (result.position !== '0') offered += 1;
      }
      await this.sql.query('UPDATE prepaid_terms_campaigns SET offered = true WHERE campaign_id = $1', [campaignId]);
    }
    return { campaigns, offered };
  }
}
