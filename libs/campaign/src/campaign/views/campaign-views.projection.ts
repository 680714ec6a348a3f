import { Injectable } from '@nestjs/common';
import type { Projection, ProjectedOf, Sql } from '@goodpay/event-store';
import { CAMPAIGN_EVENT_TYPES, type CampaignStreamEvent } from '../events';
import { withRaffleRules } from '../settings';

export const CAMPAIGN_VIEWS = 'campaign-views';

/** Keeps `campaign_views` in step with the campaign streams (and the raffle's drawn rounds). */
@Injectable()
export class CampaignViewsProjection implements Projection<CampaignStreamEvent> {
  readonly name = CAMPAIGN_VIEWS;
  readonly eventTypes: readonly CampaignStreamEvent['type'][] = [...CAMPAIGN_EVENT_TYPES, 'RaffleRoundDrawn'];

  async apply(events: readonly ProjectedOf<CampaignStreamEvent>[], sql: Sql): Promise<void> {
    for (const recorded of events) {
      await this.applyOne(recorded, recorded.recordedAt, sql);
    }
  }

  readonly tables = ['campaign_views'];

  /** `at` is the event's recording time, so a rebuild writes the same rows as the live run. */
  private async applyOne(event: CampaignStreamEvent, at: Date, sql: Sql): Promise<void> {
    switch (event.type) {
      case 'CampaignCreated': {
        const { campaignId, name, region, startsOn, endsOn, bounds, raffle, participationTarget, prepaidTerms, rehearsal } = event.data;
        await sql.query(
          `INSERT INTO campaign_views (campaign_id, name, region_kind, region_name, starts_on, ends_on, status,
             bounds, raffle, participation_target, prepaid_terms, created_at, updated_at, rehearsal_clock_offset_ms)
           VALUES ($1, $2, $3, $4, $5, $6, 'open', $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11, $11, $12)`,
          [
            campaignId,
            name,
            region.kind,
            region.name,
            startsOn,
            endsOn,
            json(bounds),
            json(withRaffleRules(raffle)),
            json(participationTarget),
            prepaidTerms === undefined ? null : json(prepaidTerms),
            at,
            rehearsal ? rehearsal.clockOffsetMs : null,
          ],
        );
        return;
      }
      case 'RehearsalClockAdvanced':
        await sql.query(`UPDATE campaign_views SET rehearsal_clock_offset_ms = $2, updated_at = $3 WHERE campaign_id = $1`, [
          event.data.campaignId,
          event.data.clockOffsetMs,
          at,
        ]);
        return;
      case 'CampaignRehearsalDeleted':
        await sql.query(`DELETE FROM campaign_views WHERE campaign_id = $1 AND rehearsal_clock_offset_ms IS NOT NULL`, [
          event.data.campaignId,
        ]);
        return;
      case 'CampaignChanged': {
        const { campaignId, name, bounds, participationTarget } = event.data;
        await sql.query(
          `UPDATE campaign_views SET name = COALESCE($2, name), bounds = COALESCE($3::jsonb, bounds),
             participation_target = COALESCE($4::jsonb, participation_target), updated_at = $5
           WHERE campaign_id = $1`,
          [campaignId, name ?? null, json(bounds), json(participationTarget), at],
        );
        return;
      }
      case 'CampaignExtended': {
        const { campaignId, endsOn, rounds } = event.data;
        await sql.query(
          `UPDATE campaign_views SET ends_on = $2, raffle = jsonb_set(raffle, '{rounds}', $3::jsonb), updated_at = $4
           WHERE campaign_id = $1`,
          [campaignId, endsOn, json(rounds), at],
        );
        return;
      }
      case 'CampaignClosed':
        await sql.query(`UPDATE campaign_views SET status = 'closed', closed_on = $2, updated_at = $3 WHERE campaign_id = $1`, [
          event.data.campaignId,
          event.data.closedOn,
          at,
        ]);
        return;
      case 'RaffleRoundDrawn':
        await sql.query(
          `UPDATE campaign_views SET rounds_drawn = array_append(rounds_drawn, $2::int), updated_at = $3
           WHERE campaign_id = $1 AND NOT ($2::int = ANY (rounds_drawn))`,
          [event.data.campaignId, event.data.round, at],
        );
        return;
    }
  }
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
