import { Injectable } from '@nestjs/common';
import { type CalendarDate } from '@goodpay/shared';
import { containsPattern, type Page, type PageRequest, selectPage, SqlFilter } from '@goodpay/event-store';
import { EventStore, type Sql, readSqlOn, Subscriptions } from '@goodpay/event-store';
import { NotFoundError } from '@goodpay/shared';
import type { DonationPledgeBasisPoints, MerchantCategory } from '../events';
import type { MerchantStatus } from '../state';
import { MERCHANT_VIEWS } from './merchant-views.projection';

/** A shop as citizens find it: approved shops only, like a searchable shop map. */
export interface PublicMerchantView {
  merchantId: string;
  name: string;
  category: MerchantCategory;
  district: string;
  /** Pledges part of its sales to the community chest (promoted in the app). */
  donationAngel: boolean;
}

/** A shop as its owner and staff see it. */
export interface MerchantView extends PublicMerchantView {
  ownerId: string;
  businessRegistrationNumber: string;
  status: MerchantStatus;
  /** Why it was last rejected, suspended, reinstated or closed. */
  statusReason: string | null;
  donationPledgeBasisPoints: DonationPledgeBasisPoints;
  registeredAt: string;
  closedOn: CalendarDate | null;
  updatedAt: string;
}

export interface PublicMerchantFilter extends PageRequest {
  category?: MerchantCategory;
  district?: string;
  /** Part of the shop's name, any case. */
  search?: string;
}

export interface MerchantFilter extends PublicMerchantFilter {
  status?: MerchantStatus;
  ownerId?: string;
}

interface MerchantRow {
  merchant_id: string;
  owner_id: string;
  name: string;
  category: MerchantCategory;
  district: string;
  business_registration_number: string;
  status: MerchantStatus;
  status_reason: string | null;
  donation_pledge_basis_points: DonationPledgeBasisPoints;
  registered_at: Date;
  closed_on: string | null;
  updated_at: Date;
}

const COLUMNS = `merchant_id, owner_id, name, category, district, business_registration_number, status, status_reason,
  donation_pledge_basis_points, registered_at, closed_on::text, updated_at`;

const toView = (row: MerchantRow): MerchantView => ({
  merchantId: row.merchant_id,
  name: row.name,
  category: row.category,
  district: row.district,
  donationAngel: row.donation_pledge_basis_points > 0,
  ownerId: row.owner_id,
  businessRegistrationNumber: row.business_registration_number,
  status: row.status,
  statusReason: row.status_reason,
  donationPledgeBasisPoints: row.donation_pledge_basis_points,
  registeredAt: row.registered_at.toISOString(),
  closedOn: row.closed_on,
  updatedAt: row.updated_at.toISOString(),
});

/** What anyone may see of a shop; only meaningful for an approved one. */
export const publicMerchantView = ({ merchantId, name, category, district, donationAngel }: MerchantView): PublicMerchantView => ({
  merchantId,
  name,
  category,
  district,
  donationAngel,
});

/** Reads of `merchant_views`; `after` (a command's position) waits until the view includes it. */
@Injectable()
export class MerchantQueries {
  private readonly sql: Sql;

  constructor(
    store: EventStore,
    private readonly subscriptions: Subscriptions,
  ) {
    this.sql = readSqlOn(store.dataSource);
  }

  /** Approved shops, by name: what citizens browse. */
  async listApproved(filter: PublicMerchantFilter = {}, after?: string): Promise<Page<PublicMerchantView>> {
    const { category, district, search, limit, offset } = filter;
    const page = await this.list({ category, district, search, limit, offset, status: 'approved' }, after);
    return { ...page, items: page.items.map(publicMerchantView) };
  }

  /** Every shop matching the filter, all fields: for staff, and for an owner with `ownerId`. */
  async list(filter: MerchantFilter = {}, after?: string): Promise<Page<MerchantView>> {
    if (after) await this.subscriptions.waitFor(MERCHANT_VIEWS, after);
    const where = new SqlFilter()
      .when(filter.status, (p) => `status = ${p}`)
      .when(filter.ownerId, (p) => `owner_id = ${p}`)
      .when(filter.category, (p) => `category = ${p}`)
      .when(filter.district, (p) => `district = ${p}`)
      .when(filter.search && containsPattern(filter.search), (p) => `name ILIKE ${p}`);
    return selectPage(this.sql, { columns: COLUMNS, from: 'merchant_views', filter: where, orderBy: 'name, merchant_id' }, filter, toView);
  }

  /** The shop, all fields, or merchant_not_found (404): callers show the public part to others. */
  async get(merchantId: string, after?: string): Promise<MerchantView> {
    if (after) await this.subscriptions.waitFor(MERCHANT_VIEWS, after);
    const { rows } = await this.sql.query<MerchantRow>(`SELECT ${COLUMNS} FROM merchant_views WHERE merchant_id = $1`, [merchantId]);
    if (!rows[0]) throw new NotFoundError('merchant', merchantId);
    return toView(rows[0]);
  }
}
