import { Injectable } from '@nestjs/common';
import { EventStore, type Sql, readSqlOn, Subscriptions } from '@goodpay/event-store';
import { Clock, NotFoundError } from '@goodpay/shared';
import type { CalendarDate } from '@goodpay/shared';
import { type Page, type PageRequest, selectPage, SqlFilter } from '@goodpay/event-store';
import { DEFAULT_PREPAID_TERMS, type PrepaidTerms } from '../prepaid-terms';
import type { ParticipationTarget, PrepaymentBounds, RaffleSettings, Region, RegionKind } from '../settings';
import { CAMPAIGN_VIEWS } from './campaign-views.projection';

/** A campaign as anyone may read it: campaigns are public information. */
export interface CampaignView extends RehearsalMark {
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
  /** A rehearsal's clock: its offset from the real time and its "now" when answered; null for a real campaign. */
  rehearsal: RehearsalMarker | null;
}

/**
 * What every answer that carries a campaign id carries besides: true for a rehearsal's, so its
 * figures are never taken for real ones. Set by `CampaignQueries.marked` (read models) or
 * `isRehearsal(state)` (where the campaign was folded); a campaign's own view carries the clock too.
 */
export interface RehearsalMark {
  isRehearsal: boolean;
}

/** A rehearsal's clock in the campaign's own answers (and in exports: see `rehearsalMarker`). */
export interface RehearsalMarker {
  clockOffsetMs: number;
  now: string;
}

export interface CampaignFilter extends PageRequest {
  status?: 'open' | 'closed';
  regionKind?: RegionKind;
  /** Exact region name, e.g. 'Jeonbuk'. */
  region?: string;
  /** Open and running on that Seoul day. */
  activeOn?: CalendarDate;
  /** Only rehearsals (true) or only real campaigns (false); both when left out, each marked. */
  rehearsal?: boolean;
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
  rehearsal_clock_offset_ms: string | null;
}

// Dates as text: node-postgres would turn a date into a Date at local midnight.
const COLUMNS = `campaign_id, name, region_kind, region_name, starts_on::text, ends_on::text, status, closed_on::text,
  bounds, raffle, participation_target, prepaid_terms, rounds_drawn, created_at, updated_at, rehearsal_clock_offset_ms::text`;

/** The marker of a rehearsal with that clock offset (null: a real campaign), its "now" by `clock`. */
export function rehearsalMarker(clockOffsetMs: number | null, clock: Clock): RehearsalMarker | null {
  return clockOffsetMs === null ? null : { clockOffsetMs, now: new Date(clock.now().getTime() + clockOffsetMs).toISOString() };
}

/** A condition on a table's campaign id column that keeps rehearsals out (for real figures and exports). */
export const realCampaignsOnly = (column: string): string =>
  `${column} NOT IN (SELECT campaign_id FROM campaign_views WHERE rehearsal_clock_offset_ms IS NOT NULL)`;

const toView = (row: CampaignRow, clock: Clock): CampaignView => ({
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
  isRehearsal: row.rehearsal_clock_offset_ms !== null,
  rehearsal: rehearsalMarker(row.rehearsal_clock_offset_ms === null ? null : Number(row.rehearsal_clock_offset_ms), clock),
});

/** Reads of `campaign_views`; `after` (a command's position) waits until the view includes it. */
@Injectable()
export class CampaignQueries {
  private readonly sql: Sql;

  constructor(
    store: EventStore,
    private readonly subscriptions: Subscriptions,
    private readonly clock: Clock,
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
      .when(filter.activeOn, (p) => `status = 'open' AND starts_on <= ${p}::date AND ends_on >= ${p}::date`)
      .when(filter.rehearsal, (p) => `(rehearsal_clock_offset_ms IS NOT NULL) = ${p}::boolean`);
    return selectPage(
      this.sql,
      { columns: COLUMNS, from: 'campaign_views', filter: where, orderBy: 'starts_on DESC, campaign_id' },
      filter,
      (row: CampaignRow) => toView(row, this.clock),
    );
  }

  /** The campaign, or campaign_not_found (404). */
  async get(campaignId: string, after?: string): Promise<CampaignView> {
    if (after) await this.subscriptions.waitFor(CAMPAIGN_VIEWS, after);
    const { rows } = await this.sql.query<CampaignRow>(`SELECT ${COLUMNS} FROM campaign_views WHERE campaign_id = $1`, [campaignId]);
    if (!rows[0]) throw new NotFoundError('campaign', campaignId);
    return toView(rows[0], this.clock);
  }

  /**
   * Whether each campaign is a rehearsal (true), real (false) or unknown/deleted (absent): what
   * another context's answers and exports use to mark or leave out rehearsal rows.
   */
  async rehearsals(campaignIds: readonly string[]): Promise<Map<string, boolean>> {
    const { rows } = await this.sql.query<{ campaign_id: string; rehearsal: boolean }>(
      // As text: an id that is no uuid is simply no campaign.
      `SELECT campaign_id::text AS campaign_id, rehearsal_clock_offset_ms IS NOT NULL AS rehearsal FROM campaign_views
       WHERE campaign_id::text = ANY($1::text[])`,
      [campaignIds],
    );
    return new Map(rows.map((row) => [row.campaign_id, row.rehearsal]));
  }

  /**
   * Answers of any context, each marked (`isRehearsal`): the one way an answer that carries a
   * campaign id says whether it is a rehearsal's. `after` (a command's position) first waits
   * until the campaign views include it. An unknown or deleted campaign is no rehearsal (a
   * deleted rehearsal's rows are gone from every read model), nor is no campaign (null).
   */
  async marked<T extends { campaignId: string | null }>(answers: readonly T[], after?: string): Promise<(T & RehearsalMark)[]> {
    if (after) await this.subscriptions.waitFor(CAMPAIGN_VIEWS, after);
    const ids = [...new Set(answers.flatMap((answer) => (answer.campaignId === null ? [] : [answer.campaignId])))];
    const rehearsals = ids.length === 0 ? new Map<string, boolean>() : await this.rehearsals(ids);
    return answers.map((answer) => ({
      ...answer,
      isRehearsal: answer.campaignId !== null && (rehearsals.get(answer.campaignId) ?? false),
    }));
  }

  /** One answer, marked (see `marked`). */
  async markedOne<T extends { campaignId: string | null }>(answer: T, after?: string): Promise<T & RehearsalMark> {
    return (await this.marked([answer], after))[0];
  }
}
