import { Injectable } from '@nestjs/common';
import { EventStore, type Sql, readSqlOn, Subscriptions } from '@goodpay/event-store';
import { NotFoundError } from '@goodpay/shared';
import type { CalendarDate } from '@goodpay/shared';
import { type Page, type PageRequest, selectPage, SqlFilter } from '@goodpay/event-store';
import { DEFAULT_PREPAID_TERMS, type PrepaidTerms } from '../prepaid-terms';
import type { ParticipationTarget, PrepaymentBounds, RaffleSettings, Region, RegionKind } from '../settings';
import { CAMPAIGN_VIEWS } from './campaign-views.projection';

/** A campaign as anyone may read it: campaigns are public information. */
export interface CampaignView {
  campaignId: string;
  name: string;
  region: Region;
  startsOn: CalendarDate;
  endsOn: CalendarDate;
  status: 'open' | 'closed';
  closedOn: CalendarDate | null;
  bounds: PrepaymentBounds;
  raffle: RaffleSettings;
  participationTarget: ParticipationTarget;
  /** The standard terms it promises its prepayers (docs/campaign-office.md). */
  prepaidTerms: PrepaidTerms;
  roundsDrawn: number[];
  createdAt: string;
  updatedAt: string;
}

export interface CampaignFilter extends PageRequest {
  status?: 'open' | 'closed';
  regionKind?: RegionKind;
  /** Exact region name, e.g. 'Jeonbuk'. */
  region?: string;
  /** Open and running on that Seoul day. */
  activeOn?: CalendarDate;
}

interface CampaignRow {
  campaign_id: string;
  name: string;
  region_kind: RegionKind;
  region_name: string;
  starts_on: string;
  ends_on: string;
  status: 'open' | 'closed';
  closed_on: string | null;
  bounds: PrepaymentBounds;
  raffle: RaffleSettings;
  participation_target: ParticipationTarget;
  prepaid_terms: PrepaidTerms | null;
  rounds_drawn: number[];
  created_at: Date;
  updated_at: Date;
}

// Dates as text: node-postgres would turn a date into a Date at local midnight.
const COLUMNS = `campaign_id, name, region_kind, region_name, starts_on::text, ends_on::text, status, closed_on::text,
  bounds, raffle, participation_target, prepaid_terms, rounds_drawn, created_at, updated_at`;

const toView = (row: CampaignRow): CampaignView => ({
  campaignId: row.campaign_id,
  name: row.name,
  region: { kind: row.region_kind, name: row.region_name },
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  status: row.status,
  closedOn: row.closed_on,
  bounds: row.bounds,
  raffle: row.raffle,
  participationTarget: row.participation_target,
  prepaidTerms: row.prepaid_terms ?? DEFAULT_PREPAID_TERMS,
  roundsDrawn: row.rounds_drawn,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Reads of `campaign_views`; `after` (a command's position) waits until the view includes it. */
@Injectable()
export class CampaignQueries {
  private readonly sql: Sql;

  constructor(
    store: EventStore,
    private readonly subscriptions: Subscriptions,
  ) {
    this.sql = readSqlOn(store.dataSource);
  }

  /** Newest first by first day. */
  async list(filter: CampaignFilter = {}, after?: string): Promise<Page<CampaignView>> {
    if (after) await this.subscriptions.waitFor(CAMPAIGN_VIEWS, after);
    const where = new SqlFilter()
      .when(filter.status, (p) => `status = ${p}`)
      .when(filter.regionKind, (p) => `region_kind = ${p}`)
      .when(filter.region, (p) => `region_name = ${p}`)
      .when(filter.activeOn, (p) => `status = 'open' AND starts_on <= ${p}::date AND ends_on >= ${p}::date`);
    return selectPage(
      this.sql,
      { columns: COLUMNS, from: 'campaign_views', filter: where, orderBy: 'starts_on DESC, campaign_id' },
      filter,
      toView,
    );
  }

  /** The campaign, or campaign_not_found (404). */
  async get(campaignId: string, after?: string): Promise<CampaignView> {
    if (after) await this.subscriptions.waitFor(CAMPAIGN_VIEWS, after);
    const { rows } = await this.sql.query<CampaignRow>(`SELECT ${COLUMNS} FROM campaign_views WHERE campaign_id = $1`, [campaignId]);
    if (!rows[0]) throw new NotFoundError('campaign', campaignId);
    return toView(rows[0]);
  }
}
