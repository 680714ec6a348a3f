import { type CampaignCreated, type CampaignRehearsalDeleted } from '@goodpay/campaign';
import { seoulDate } from '@goodpay/shared';
import { applyEach, exactly, type Projection, type RecordedOf, type Sql } from '@goodpay/event-store';
import type { DonationPledgeSet, MerchantRegistered } from '@goodpay/merchant';
import { type PrepaymentMade, type PrepaymentRefunded, payoutOf } from '@goodpay/prepayment';
import type { PayoutAttemptFailed, PayoutPaid, PayoutRetried, PayoutScheduled } from '../payout/events';
import type { SettlementClosed, SettlementDaySettled } from '../settlement/events';

export const SETTLEMENT_LEDGER = 'settlement-ledger';

/** The tables this projection owns: a rebuild builds copies of them and swaps them in. */
export const SETTLEMENT_LEDGER_TABLES = [
  'settlement_days',
  'settlement_rehearsals',
  'payouts',
  'settlements',
  'settlement_items',
  'settlement_prepayments',
  'settlement_merchants',
] as const;

type Handled =
  | CampaignCreated
  | CampaignRehearsalDeleted
  | SettlementDaySettled
  | MerchantRegistered
  | DonationPledgeSet
  | PrepaymentMade
  | PrepaymentRefunded
  | SettlementClosed
  | PayoutScheduled
  | PayoutAttemptFailed
  | PayoutRetried
  | PayoutPaid;

/**
 * What the platform owes each shop, from the prepayment, merchant, settlement and payout events
 * (never from another context's tables): the unsettled items the daily run offers, the closed
 * settlements with the items each claimed, and the payouts' statuses.
 *
 * Only 'platform' prepayments are owed to a shop (money paid at the shop is already the
 * shop's), and only once their payment is confirmed (PrepaymentMade; a PrepaymentOrdered is not
 * listened to); a refund of one is taken off. Times are the events' own, so a rebuild writes the
 * same rows.
 */
export class SettlementLedgerProjection implements Projection<Handled> {
  readonly name = SETTLEMENT_LEDGER;
  readonly eventTypes: readonly Handled['type'][] = [
    'CampaignCreated',
    'CampaignRehearsalDeleted',
    'SettlementDaySettled',
    'MerchantRegistered',
    'DonationPledgeSet',
    'PrepaymentMade',
    'PrepaymentRefunded',
    'SettlementClosed',
    'PayoutScheduled',
    'PayoutAttemptFailed',
    'PayoutRetried',
    'PayoutPaid',
  ];

  async apply(events: readonly RecordedOf<Handled>[], sql: Sql): Promise<void> {
    await applyEach(this.name, events, (event) => this.applyOne(event, sql));
  }

  readonly tables = SETTLEMENT_LEDGER_TABLES;

  private async applyOne(event: RecordedOf<Handled>, sql: Sql): Promise<void> {
    switch (event.type) {
      case 'CampaignCreated':
        // Only rehearsals are noted: their prepayments are kept apart from the real settlements.
        if (event.data.rehearsal) {
          await sql.query(`INSERT INTO settlement_rehearsals (campaign_id) VALUES ($1)`, [event.data.campaignId]);
        }
        return;
      case 'CampaignRehearsalDeleted': {
        // The whole rehearsal goes: its items, settlements and settled days (it never had payouts).
        const id = event.data.campaignId;
        for (const table of ['settlement_items', 'settlements', 'settlement_prepayments']) {
          await sql.query(`DELETE FROM ${table} WHERE rehearsal_campaign_id = $1`, [id]);
        }
        await sql.query(`DELETE FROM settlement_days WHERE rehearsal_campaign_id = $1`, [id]);
        await sql.query(`DELETE FROM settlement_rehearsals WHERE campaign_id = $1`, [id]);
        return;
      }
      case 'SettlementDaySettled': {
        const { data } = event;
        await sql.query(
          `INSERT INTO settlement_days (rehearsal_campaign_id, day, settlements, ran_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [data.rehearsalCampaignId ?? '', data.day, data.settlements, data.settledAt],
        );
        return;
      }
      case 'MerchantRegistered': {
        const { data } = event;
        await sql.query(`INSERT INTO settlement_merchants (merchant_id, owner_id, name) VALUES ($1, $2, $3)`, [
          data.merchantId,
          data.ownerId,
          data.name,
        ]);
        return;
      }
      case 'DonationPledgeSet': {
        const { data } = event;
        await exactly(
          sql,
          1,
          `pledge of merchant ${data.merchantId}`,
          `UPDATE settlement_merchants SET pledge_basis_points = $2 WHERE merchant_id = $1`,
          [data.merchantId, data.basisPoints],
        );
        return;
      }
      case 'PrepaymentMade': {
        const { data } = event;
        // A rehearsal's prepayment carries its campaign, so its items stay out of the real runs.
        await sql.query(
          `INSERT INTO settlement_prepayments (prepayment_id, merchant_id, channel, rehearsal_campaign_id)
           VALUES ($1, $2, $3, (SELECT campaign_id FROM settlement_rehearsals WHERE campaign_id = $4))`,
          [data.prepaymentId, data.merchantId, data.channel, data.campaignId],
        );
        if (data.channel !== 'platform') return;
        // Owed from when the server confirmed the payment (a PrepaymentMade exists only then; an
        // order awaiting payment is no item): an office confirmation days later settles on its day.
        const owedAt = data.paymentConfirmation?.confirmedAt ?? data.paidAt;
        // The pledge in force at the sale: the merchant events before it in the log.
        await sql.query(
          `INSERT INTO settlement_items (item_id, merchant_id, kind, prepayment_id, amount, occurred_at, day, pledge_basis_points,
                                         rehearsal_campaign_id)
           VALUES ($1, $2, 'collected', $3, $4, $5, $6,
                   coalesce((SELECT pledge_basis_points FROM settlement_merchants WHERE merchant_id = $2), 0),
                   (SELECT rehearsal_campaign_id FROM settlement_prepayments WHERE prepayment_id = $3))`,
          [event.id, data.merchantId, data.prepaymentId, data.amount, owedAt, seoulDate(owedAt)],
        );
        return;
      }
      case 'PrepaymentRefunded': {
        const { data } = event;
        const { rows } = await sql.query<{ channel: string }>(`SELECT channel FROM settlement_prepayments WHERE prepayment_id = $1`, [
          data.prepaymentId,
        ]);
        if (!rows[0]) throw new Error(`read model out of step with the log: refund of unknown prepayment ${data.prepaymentId}`);
        // A refund of money paid at the shop is the shop's own affair: nothing to settle.
        if (rows[0].channel !== 'platform') return;
        await sql.query(
          `INSERT INTO settlement_items (item_id, merchant_id, kind, prepayment_id, amount, occurred_at, day, pledge_basis_points,
                                         rehearsal_campaign_id)
           VALUES ($1, $2, 'refunded', $3, $4, $5, $6, 0,
                   (SELECT rehearsal_campaign_id FROM settlement_prepayments WHERE prepayment_id = $3))`,
          // What went back to the payer is taken off; the part the terms withhold after an expiry stays the shop's.
          [event.id, data.merchantId, data.prepaymentId, payoutOf(data), data.refundedAt, seoulDate(data.refundedAt)],
        );
        return;
      }
      case 'SettlementClosed': {
        const { data } = event;
        await sql.query(
          `INSERT INTO settlements (settlement_id, merchant_id, day, item_count, collected, refunded, fee_basis_points, fee, pledge,
                                    carried_in, payout, carried_out, closed_at, rehearsal_campaign_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [
            data.settlementId,
            data.merchantId,
            data.day,
            data.items.length,
            data.collected,
            data.refunded,
            data.feeBasisPoints,
            data.fee,
            data.pledge,
            data.carriedIn,
            data.payout,
            data.carriedOut,
            data.closedAt,
            data.rehearsalCampaignId ?? null,
          ],
        );
        await exactly(
          sql,
          data.items.length,
          `items of settlement ${data.settlementId}`,
          `UPDATE settlement_items SET settlement_id = $1 WHERE item_id = ANY($2::text[]) AND merchant_id = $3 AND settlement_id IS NULL`,
          [data.settlementId, data.items.map((item) => item.itemId), data.merchantId],
        );
        return;
      }
      case 'PayoutScheduled': {
        const { data } = event;
        await sql.query(
          `INSERT INTO payouts (settlement_id, merchant_id, amount, status, round, scheduled_at, updated_at)
           VALUES ($1, $2, $3, 'scheduled', 1, $4, $4)`,
          [data.settlementId, data.merchantId, data.amount, data.scheduledAt],
        );
        return;
      }
      case 'PayoutAttemptFailed': {
        const { data } = event;
        await exactly(
          sql,
          1,
          `failure of payout ${data.settlementId}`,
          `UPDATE payouts SET failed_attempts = failed_attempts + 1, last_error = $2, updated_at = $3,
                  status = CASE WHEN $4 THEN 'failed' ELSE status END
           WHERE settlement_id = $1`,
          [data.settlementId, data.reason, data.failedAt, data.final],
        );
        return;
      }
      case 'PayoutRetried': {
        const { data } = event;
        await exactly(
          sql,
          1,
          `retry of payout ${data.settlementId}`,
          `UPDATE payouts SET status = 'retried', round = $2, updated_at = $3 WHERE settlement_id = $1`,
          [data.settlementId, data.round, data.retriedAt],
        );
        return;
      }
      case 'PayoutPaid': {
        const { data } = event;
        await exactly(
          sql,
          1,
          `payment of payout ${data.settlementId}`,
          `UPDATE payouts SET status = 'paid', transfer_id = $2, paid_at = $3, updated_at = $3 WHERE settlement_id = $1`,
          [data.settlementId, data.transferId, data.paidAt],
        );
        return;
      }
    }
  }
}
