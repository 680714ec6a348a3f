import { type CampaignCreated, type CampaignRehearsalDeleted } from '@goodpay/campaign';
import { seoulDate } from '@goodpay/shared';
import { applyEach, exactly, type Projection, type ProjectedOf, type Sql } from '@goodpay/event-store';
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

  /**
   * In log order; each run of PrepaymentMade (thousands behind an import) in two statements
   * whatever its length, the other events one by one in their place: the pledge a sale takes is
   * the one the merchant events before it set, and no merchant event lies inside a run.
   */
  async apply(events: readonly ProjectedOf<Handled>[], sql: Sql): Promise<void> {
    let run: ProjectedOf<PrepaymentMade>[] = [];
    const applyRun = async () => {
      if (run.length > 0) await this.applyPrepayments(run, sql);
      run = [];
    };
    for (const event of events) {
      if (event.type === 'PrepaymentMade') {
        run.push(event);
        continue;
      }
      await applyRun();
      await applyEach(this.name, [event], (one) => this.applyOne(one, sql));
    }
    await applyRun();
  }

  /** Each prepayment's shop and channel, then the item owed for each paid on the platform. */
  private async applyPrepayments(run: readonly ProjectedOf<PrepaymentMade>[], sql: Sql): Promise<void> {
    try {
      const made = run.map((event) => event.data);
      // A rehearsal's prepayment carries its campaign, so its items stay out of the real runs.
      await sql.query(
        `INSERT INTO settlement_prepayments (prepayment_id, merchant_id, channel, rehearsal_campaign_id)
         SELECT p.prepayment_id, p.merchant_id, p.channel, r.campaign_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS p(prepayment_id, merchant_id, channel, campaign_id, n)
         LEFT JOIN settlement_rehearsals r ON r.campaign_id = p.campaign_id
         ORDER BY p.n`,
        [made.map((p) => p.prepaymentId), made.map((p) => p.merchantId), made.map((p) => p.channel), made.map((p) => p.campaignId)],
      );
      const owed = run.filter((event) => event.data.channel === 'platform');
      if (owed.length === 0) return;
      // Owed from when the server confirmed the payment (a PrepaymentMade exists only then; an
      // order awaiting payment is no item): an office confirmation days later settles on its day.
      const owedAt = owed.map(({ data }) => data.paymentConfirmation?.confirmedAt ?? data.paidAt);
      // The pledge in force at the sale: the merchant events before it in the log.
      await sql.query(
        `INSERT INTO settlement_items (item_id, merchant_id, kind, prepayment_id, amount, occurred_at, day, pledge_basis_points,
                                       rehearsal_campaign_id)
         SELECT i.item_id, i.merchant_id, 'collected', i.prepayment_id, i.amount, i.occurred_at, i.day,
                coalesce(m.pledge_basis_points, 0), sp.rehearsal_campaign_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[], $6::date[])
           WITH ORDINALITY AS i(item_id, merchant_id, prepayment_id, amount, occurred_at, day, n)
         LEFT JOIN settlement_merchants m ON m.merchant_id = i.merchant_id
         LEFT JOIN settlement_prepayments sp ON sp.prepayment_id = i.prepayment_id
         ORDER BY i.n`,
        [
          owed.map((event) => event.id),
          owed.map(({ data }) => data.merchantId),
          owed.map(({ data }) => data.prepaymentId),
          owed.map(({ data }) => data.amount),
          owedAt,
          owedAt.map((at) => seoulDate(at)),
        ],
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const [first, last] = [run[0], run[run.length - 1]];
      throw new Error(
        `projection ${this.name} failed on PrepaymentMade at positions ${first.globalPosition}-${last.globalPosition}: ${reason}`,
        { cause: error },
      );
    }
  }

  readonly tables = SETTLEMENT_LEDGER_TABLES;

  private async applyOne(event: ProjectedOf<Exclude<Handled, PrepaymentMade>>, sql: Sql): Promise<void> {
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
