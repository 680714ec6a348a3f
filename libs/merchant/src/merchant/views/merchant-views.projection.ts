import { Injectable } from '@nestjs/common';
import type { Projection, ProjectedOf, Sql } from '@goodpay/event-store';
import { MERCHANT_EVENT_TYPES, type MerchantEvent } from '../events';

export const MERCHANT_VIEWS = 'merchant-views';

/** Keeps `merchant_views` in step with the merchant streams. */
@Injectable()
export class MerchantViewsProjection implements Projection<MerchantEvent> {
  readonly name = MERCHANT_VIEWS;
  readonly eventTypes = MERCHANT_EVENT_TYPES;

  async apply(events: readonly ProjectedOf<MerchantEvent>[], sql: Sql): Promise<void> {
    for (const recorded of events) {
      await this.applyOne(recorded, recorded.recordedAt, sql);
    }
  }

  readonly tables = ['merchant_views'];

  /** `at` is the event's recording time, so a rebuild writes the same rows as the live run. */
  private async applyOne(event: MerchantEvent, at: Date, sql: Sql): Promise<void> {
    const status = (status: string, reason: string | null) =>
      sql.query(`UPDATE merchant_views SET status = $2, status_reason = $3, updated_at = $4 WHERE merchant_id = $1`, [
        event.data.merchantId,
        status,
        reason,
        at,
      ]);
    switch (event.type) {
      case 'MerchantRegistered': {
        const { merchantId, ownerId, name, category, district, businessRegistrationNumber, registeredAt } = event.data;
        await sql.query(
          `INSERT INTO merchant_views (merchant_id, owner_id, name, category, district, business_registration_number,
             status, registered_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8)`,
          [merchantId, ownerId, name, category, district, businessRegistrationNumber, registeredAt, at],
        );
        return;
      }
      case 'MerchantApproved':
        await status('approved', null);
        return;
      case 'MerchantRejected':
        await status('rejected', event.data.reason);
        return;
      case 'MerchantSuspended':
        await status('suspended', event.data.reason);
        return;
      case 'MerchantReinstated':
        await status('approved', event.data.reason);
        return;
      case 'MerchantClosed':
        await status('closed', event.data.reason);
        await sql.query(`UPDATE merchant_views SET closed_on = $2 WHERE merchant_id = $1`, [event.data.merchantId, event.data.closedOn]);
        return;
      case 'DonationPledgeSet':
        await sql.query(`UPDATE merchant_views SET donation_pledge_basis_points = $2, updated_at = $3 WHERE merchant_id = $1`, [
          event.data.merchantId,
          event.data.basisPoints,
          at,
        ]);
        return;
    }
  }
}
