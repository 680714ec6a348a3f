import type { CampaignChanged, CampaignClosed, CampaignCreated, CampaignExtended, CampaignRehearsalDeleted } from '@goodpay/campaign';
import { applyEach, exactly, type Projection, type RecordedOf, type Sql } from '@goodpay/event-store';
import type {
  Payer,
  PrepaymentClaimed,
  PrepaymentMade,
  PrepaymentRedeemed,
  PrepaymentRefunded,
  RedemptionCancelled,
} from '../prepayment/events';

export const CAMPAIGN_DASHBOARD = 'campaign-dashboard';

export const CAMPAIGN_DASHBOARD_TABLES = [
  'campaign_breakdown',
  'campaign_prepayments',
  'campaign_participants',
  'campaign_targets',
] as const;

type Handled =
  | CampaignCreated
  | CampaignChanged
  | CampaignExtended
  | CampaignClosed
  | CampaignRehearsalDeleted
  | PrepaymentMade
  | PrepaymentClaimed
  | PrepaymentRedeemed
  | RedemptionCancelled
  | PrepaymentRefunded;

/**
 * The campaign office's figures: distinct participants (citizens and organisations apart),
 * prepayments, the amount brought forward into local shops, redeemed and refunded, broken down
 * by merchant category and by district, and the campaign's own name, dates and participation
 * target (from the campaign events, so progress is shown without reading the campaign
 * context's tables).
 *
 * A participant is a payer who prepaid at least once in the campaign; a refund does not undo
 * having taken part. Redemptions and refunds carry no campaign, category or district, so each
 * prepayment's are noted in `campaign_prepayments` when it is made.
 */
export class CampaignDashboardProjection implements Projection<Handled> {
  readonly name = CAMPAIGN_DASHBOARD;
  readonly eventTypes: readonly Handled['type'][] = [
    'CampaignCreated',
    'CampaignChanged',
    'CampaignExtended',
    'CampaignClosed',
    'CampaignRehearsalDeleted',
    'PrepaymentMade',
    'PrepaymentClaimed',
    'PrepaymentRedeemed',
    'RedemptionCancelled',
    'PrepaymentRefunded',
  ];

  async apply(events: readonly RecordedOf<Handled>[], sql: Sql): Promise<void> {
    await applyEach(this.name, events, (event) => this.applyOne(event, sql));
  }

  async reset(sql: Sql): Promise<void> {
    for (const table of CAMPAIGN_DASHBOARD_TABLES) await sql.query(`DELETE FROM ${table}`);
  }

  private async applyOne(event: RecordedOf<Handled>, sql: Sql): Promise<void> {
    switch (event.type) {
      case 'CampaignCreated': {
        const { data } = event;
        await sql.query(
          `INSERT INTO campaign_targets (campaign_id, name, starts_on, ends_on, target_participants, target_amount, updated_at, rehearsal)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            data.campaignId,
            data.name,
            data.startsOn,
            data.endsOn,
            data.participationTarget.participants,
            data.participationTarget.amount,
            data.createdAt,
            data.rehearsal !== undefined,
          ],
        );
        return;
      }
      case 'CampaignRehearsalDeleted':
        // The whole rehearsal's dashboard goes with it (its events stay in the log).
        for (const table of CAMPAIGN_DASHBOARD_TABLES) {
          await sql.query(`DELETE FROM ${table} WHERE campaign_id = $1`, [event.data.campaignId]);
        }
        return;
      case 'CampaignChanged': {
        const { data } = event;
        await exactly(
          sql,
          1,
          `change of campaign ${data.campaignId}`,
          `UPDATE campaign_targets SET
             name = coalesce($2, name),
             target_participants = coalesce($3, target_participants),
             target_amount = coalesce($4, target_amount),
             updated_at = $5
           WHERE campaign_id = $1`,
          [
            data.campaignId,
            data.name ?? null,
            data.participationTarget?.participants ?? null,
            data.participationTarget?.amount ?? null,
            data.changedAt,
          ],
        );
        return;
      }
      case 'CampaignExtended': {
        const { data } = event;
        await exactly(
          sql,
          1,
          `extension of campaign ${data.campaignId}`,
          `UPDATE campaign_targets SET ends_on = $2, updated_at = $3 WHERE campaign_id = $1`,
          [data.campaignId, data.endsOn, data.extendedAt],
        );
        return;
      }
      case 'CampaignClosed': {
        const { data } = event;
        await exactly(
          sql,
          1,
          `closure of campaign ${data.campaignId}`,
          `UPDATE campaign_targets SET closed_on = $2, updated_at = $3 WHERE campaign_id = $1`,
          [data.campaignId, data.closedOn, data.closedAt],
        );
        return;
      }
      case 'PrepaymentMade': {
        const { data } = event;
        await sql.query(
          `INSERT INTO campaign_prepayments (prepayment_id, campaign_id, merchant_category, merchant_district)
           VALUES ($1, $2, $3, $4)`,
          [data.prepaymentId, data.campaignId, data.merchantCategory, data.merchantDistrict],
        );
        if (data.payer !== null) await this.addParticipant(sql, data.campaignId, data.payer, data.paidAt);
        await sql.query(
          `INSERT INTO campaign_breakdown AS b (campaign_id, dimension, key, prepayment_count, prepaid_amount)
           VALUES ($1, 'category', $2, 1, $4), ($1, 'district', $3, 1, $4)
           ON CONFLICT (campaign_id, dimension, key) DO UPDATE SET
             prepayment_count = b.prepayment_count + 1,
             prepaid_amount = b.prepaid_amount + EXCLUDED.prepaid_amount`,
          [data.campaignId, data.merchantCategory, data.merchantDistrict, data.amount],
        );
        return;
      }
      case 'PrepaymentClaimed': {
        const { data } = event;
        await this.addParticipant(sql, data.campaignId, data.payer, data.paidAt);
        return;
      }
      case 'PrepaymentRedeemed': {
        const { data } = event;
        await this.addToBreakdown(sql, data.prepaymentId, 'redeemed_amount', data.amount);
        return;
      }
      case 'RedemptionCancelled': {
        const { data } = event;
        await this.addToBreakdown(sql, data.prepaymentId, 'redeemed_amount', -data.amount);
        return;
      }
      case 'PrepaymentRefunded': {
        const { data } = event;
        await this.addToBreakdown(sql, data.prepaymentId, 'refunded_amount', data.amount);
        return;
      }
    }
  }

  /** A payer takes part once their prepayment counts for them: when paid, or claimed at the shop's. */
  private async addParticipant(sql: Sql, campaignId: string, payer: Payer, paidAt: string): Promise<void> {
    await sql.query(
      `INSERT INTO campaign_participants (campaign_id, payer_kind, payer_id, first_paid_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (campaign_id, payer_kind, payer_id) DO NOTHING`,
      [campaignId, payer.kind, payer.id, paidAt],
    );
  }

  /** Adds to the prepayment's category row and its district row: exactly two rows. */
  private async addToBreakdown(
    sql: Sql,
    prepaymentId: string,
    column: 'redeemed_amount' | 'refunded_amount',
    amount: number,
  ): Promise<void> {
    await exactly(
      sql,
      2,
      `${column} of prepayment ${prepaymentId}`,
      `UPDATE campaign_breakdown b SET ${column} = b.${column} + $2
       FROM campaign_prepayments p
       WHERE p.prepayment_id = $1 AND b.campaign_id = p.campaign_id
         AND ((b.dimension = 'category' AND b.key = p.merchant_category)
           OR (b.dimension = 'district' AND b.key = p.merchant_district))`,
      [prepaymentId, amount],
    );
  }
}
