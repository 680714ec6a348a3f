import { Injectable } from '@nestjs/common';
import { type CalendarDate } from '@goodpay/shared';
import { containsPattern, type Page, type PageRequest, selectPage, SqlFilter } from '@goodpay/event-store';
import { EventStore, type Sql, readSqlOn, Subscriptions } from '@goodpay/event-store';
import { krwFigure, type KrwFigure, NotFoundError } from '@goodpay/shared';
import type { OrganisationKind, PlannedPurpose } from '../events';
import { ORGANISATION_VIEWS } from './organisation-views.projection';

export interface OrganisationView {
  organisationId: string;
  kind: OrganisationKind;
  name: string;
  representativeId: string;
  registeredAt: string;
  /** How many campaigns it signed an agreement for. */
  agreementCount: number;
}

export interface AgreementView {
  organisationId: string;
  organisationName: string;
  campaignId: string;
  purposes: PlannedPurpose[];
  /** The planned amounts of all purposes together. */
  /** All purposes together, exact. */
  plannedAmount: KrwFigure;
  signedOn: CalendarDate;
  recordedAt: string;
}

export interface OrganisationDetail extends OrganisationView {
  agreements: AgreementView[];
}

export interface OrganisationFilter extends PageRequest {
  kind?: OrganisationKind;
  /** Part of the name, any case. */
  search?: string;
  /** Only those that signed for this campaign. */
  campaignId?: string;
}

export interface AgreementFilter extends PageRequest {
  campaignId?: string;
  organisationId?: string;
}

interface OrganisationRow {
  organisation_id: string;
  kind: OrganisationKind;
  name: string;
  representative_id: string;
  registered_at: Date;
  agreement_count: number;
}

interface AgreementRow {
  organisation_id: string;
  organisation_name: string;
  campaign_id: string;
  purposes: PlannedPurpose[];
  planned_amount: string;
  signed_on: string;
  recorded_at: Date;
}

const ORGANISATION_COLUMNS = `o.organisation_id, o.kind, o.name, o.representative_id, o.registered_at,
  (SELECT count(*)::int FROM participation_agreements a WHERE a.organisation_id = o.organisation_id) AS agreement_count`;
const AGREEMENT_COLUMNS = `a.organisation_id, o.name AS organisation_name, a.campaign_id, a.purposes, a.planned_amount,
  a.signed_on::text, a.recorded_at`;
const AGREEMENTS = 'participation_agreements a JOIN organisation_views o ON o.organisation_id = a.organisation_id';

const toOrganisation = (row: OrganisationRow): OrganisationView => ({
  organisationId: row.organisation_id,
  kind: row.kind,
  name: row.name,
  representativeId: row.representative_id,
  registeredAt: row.registered_at.toISOString(),
  agreementCount: row.agreement_count,
});

const toAgreement = (row: AgreementRow): AgreementView => ({
  organisationId: row.organisation_id,
  organisationName: row.organisation_name,
  campaignId: row.campaign_id,
  purposes: row.purposes,
  plannedAmount: krwFigure(row.planned_amount),
  signedOn: row.signed_on,
  recordedAt: row.recorded_at.toISOString(),
});

/** Reads of the organisation views; `after` (a command's position) waits until they include it. */
@Injectable()
export class OrganisationQueries {
  private readonly sql: Sql;

  constructor(
    store: EventStore,
    private readonly subscriptions: Subscriptions,
  ) {
    this.sql = readSqlOn(store.dataSource);
  }

  /** By name. */
  async list(filter: OrganisationFilter = {}, after?: string): Promise<Page<OrganisationView>> {
    await this.caughtUp(after);
    const where = new SqlFilter()
      .when(filter.kind, (p) => `o.kind = ${p}`)
      .when(filter.search && containsPattern(filter.search), (p) => `o.name ILIKE ${p}`)
      .when(
        filter.campaignId,
        (p) => `EXISTS (SELECT 1 FROM participation_agreements a WHERE a.organisation_id = o.organisation_id AND a.campaign_id = ${p})`,
      );
    return selectPage(
      this.sql,
      { columns: ORGANISATION_COLUMNS, from: 'organisation_views o', filter: where, orderBy: 'o.name, o.organisation_id' },
      filter,
      toOrganisation,
    );
  }

  /** The organisation with its agreements, or organisation_not_found (404). */
  async get(organisationId: string, after?: string): Promise<OrganisationDetail> {
    await this.caughtUp(after);
    const { rows } = await this.sql.query<OrganisationRow>(
      `SELECT ${ORGANISATION_COLUMNS} FROM organisation_views o WHERE o.organisation_id = $1`,
      [organisationId],
    );
    if (!rows[0]) throw new NotFoundError('organisation', organisationId);
    const agreements = await this.sql.query<AgreementRow>(
      `SELECT ${AGREEMENT_COLUMNS} FROM ${AGREEMENTS} WHERE a.organisation_id = $1 ORDER BY a.signed_on, a.campaign_id`,
      [organisationId],
    );
    return { ...toOrganisation(rows[0]), agreements: agreements.rows.map(toAgreement) };
  }

  /** Agreements, latest signed first. */
  async listAgreements(filter: AgreementFilter = {}, after?: string): Promise<Page<AgreementView>> {
    await this.caughtUp(after);
    const where = new SqlFilter()
      .when(filter.campaignId, (p) => `a.campaign_id = ${p}`)
      .when(filter.organisationId, (p) => `a.organisation_id = ${p}`);
    return selectPage(
      this.sql,
      { columns: AGREEMENT_COLUMNS, from: AGREEMENTS, filter: where, orderBy: 'a.signed_on DESC, a.organisation_id, a.campaign_id' },
      filter,
      toAgreement,
    );
  }

  private async caughtUp(after: string | undefined): Promise<void> {
    if (after) await this.subscriptions.waitFor(ORGANISATION_VIEWS, after);
  }
}
