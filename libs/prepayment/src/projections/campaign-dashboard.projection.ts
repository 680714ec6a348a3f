import type { CampaignChanged, CampaignClosed, CampaignCreated, CampaignExtended, CampaignRehearsalDeleted } from '@goodpay/campaign';
import { applyInRuns, exactly, type Projection, type ProjectedOf, type Sql } from '@goodpay/event-store';
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

  /**
   * In log order: each run of money events set-based, a few statements per run whatever its
   * size; the rare others (lifecycle, a rehearsal's deletion) one by one in their place.
   */
  async apply(events: readonly ProjectedOf<Handled>[], sql: Sql): Promise<void> {
    await applyInRuns(
      this.name,
      events,
      isMoneyEvent,
      (money) => this.applyMoney(money, sql),
      (event) => this.applyCampaign(event, sql),
    );
  }

  readonly tables = CAMPAIGN_DASHBOARD_TABLES;

  private async applyCampaign(event: ProjectedOf<CampaignEvent>, sql: Sql): Promise<void> {
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
    }
  }

  private async applyMoney(events: readonly ProjectedOf<MoneyEvent>[], sql: Sql): Promise<void> {
    const made = events.flatMap((event) => (event.type === 'PrepaymentMade' ? [event.data] : []));
    // Each payer once per campaign, at the first time their prepayment counted for them.
    const participants = new Map<string, { campaignId: string; payer: Payer; paidAt: string }>();
    for (const { type, data } of events) {
      if ((type === 'PrepaymentMade' || type === 'PrepaymentClaimed') && data.payer !== null) {
        const key = `${data.campaignId}/${data.payer.kind}/${data.payer.id}`;
        if (!participants.has(key)) participants.set(key, { campaignId: data.campaignId, payer: data.payer, paidAt: data.paidAt });
      }
    }
    if (made.length > 0) {
      await sql.query(
        `INSERT INTO campaign_prepayments (prepayment_id, campaign_id, merchant_category, merchant_district)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
        [
          made.map((m) => m.prepaymentId),
          made.map((m) => m.campaignId),
          made.map((m) => m.merchantCategory),
          made.map((m) => m.merchantDistrict),
        ],
      );
      const prepaid = new Map<string, { campaignId: string; dimension: string; key: string; count: number; amount: bigint }>();
      for (const m of made) {
        for (const [dimension, key] of [
          ['category', m.merchantCategory],
          ['district', m.merchantDistrict],
        ]) {
          const id = `${m.campaignId}/${dimension}/${key}`;
          const row = prepaid.get(id) ?? { campaignId: m.campaignId, dimension, key, count: 0, amount: 0n };
          row.count += 1;
          row.amount += BigInt(m.amount);
          prepaid.set(id, row);
        }
      }
      const rows = [...prepaid.values()];
      await sql.query(
        `INSERT INTO campaign_breakdown AS b (campaign_id, dimension, key, prepayment_count, prepaid_amount)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[])
         ON CONFLICT (campaign_id, dimension, key) DO UPDATE SET
           prepayment_count = b.prepayment_count + EXCLUDED.prepayment_count,
           prepaid_amount = b.prepaid_amount + EXCLUDED.prepaid_amount`,
        [
          rows.map((r) => r.campaignId),
          rows.map((r) => r.dimension),
          rows.map((r) => r.key),
          rows.map((r) => r.count),
          rows.map((r) => String(r.amount)),
        ],
      );
    }
    if (participants.size > 0) {
      const rows = [...participants.values()];
      await sql.query(
        `INSERT INTO campaign_participants (campaign_id, payer_kind, payer_id, first_paid_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
         ON CONFLICT (campaign_id, payer_kind, payer_id) DO NOTHING`,
        [rows.map((r) => r.campaignId), rows.map((r) => r.payer.kind), rows.map((r) => r.payer.id), rows.map((r) => r.paidAt)],
      );
    }
    await this.addToBreakdowns(sql, events);
  }

  /**
   * Redemptions (net of cancellations) and refunds, summed per prepayment, added to each one's
   * category row and district row (found through the note made with the prepayment, those of
   * this batch included): every prepayment named must be known, two rows each.
   */
  private async addToBreakdowns(sql: Sql, events: readonly ProjectedOf<MoneyEvent>[]): Promise<void> {
    const sums = new Map<string, { redeemed: bigint; refunded: bigint }>();
    const add = (prepaymentId: string, redeemed: bigint, refunded: bigint) => {
      const sum = sums.get(prepaymentId) ?? { redeemed: 0n, refunded: 0n };
      sum.redeemed += redeemed;
      sum.refunded += refunded;
      sums.set(prepaymentId, sum);
    };
    for (const { type, data } of events) {
      if (type === 'PrepaymentRedeemed') add(data.prepaymentId, BigInt(data.amount), 0n);
      else if (type === 'RedemptionCancelled') add(data.prepaymentId, -BigInt(data.amount), 0n);
      else if (type === 'PrepaymentRefunded') add(data.prepaymentId, 0n, BigInt(data.amount));
    }
    if (sums.size === 0) return;
    const ids = [...sums.keys()];
    // One statement: the check counts the notes the update joins (a failed check rolls the update back with the batch).
    const { rows } = await sql.query<{ known: number }>(
      `WITH x AS (
         SELECT x.redeemed, x.refunded, p.campaign_id, p.merchant_category, p.merchant_district
         FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS x(prepayment_id, redeemed, refunded)
         JOIN campaign_prepayments p ON p.prepayment_id = x.prepayment_id
       ),
       changed AS (
         UPDATE campaign_breakdown b SET redeemed_amount = b.redeemed_amount + d.redeemed, refunded_amount = b.refunded_amount + d.refunded
         FROM (
           SELECT x.campaign_id, dim.dimension, dim.key, sum(x.redeemed) AS redeemed, sum(x.refunded) AS refunded
           FROM x CROSS JOIN LATERAL (VALUES ('category', x.merchant_category), ('district', x.merchant_district)) AS dim(dimension, key)
           GROUP BY 1, 2, 3
         ) AS d
         WHERE b.campaign_id = d.campaign_id AND b.dimension = d.dimension AND b.key = d.key
       )
       SELECT count(*)::int AS known FROM x`,
      [ids, ids.map((id) => String(sums.get(id)!.redeemed)), ids.map((id) => String(sums.get(id)!.refunded))],
    );
    if (rows[0].known !== ids.length) {
      throw new Error(
        `read model out of step with the log: ${ids.length - rows[0].known} of ${ids.length} prepayments redeemed or refunded are unknown`,
      );
    }
  }
}

type MoneyEvent = PrepaymentMade | PrepaymentClaimed | PrepaymentRedeemed | RedemptionCancelled | PrepaymentRefunded;
type CampaignEvent = Exclude<Handled, MoneyEvent>;
const MONEY_EVENTS: ReadonlySet<string> = new Set<MoneyEvent['type']>([
  'PrepaymentMade',
  'PrepaymentClaimed',
  'PrepaymentRedeemed',
  'RedemptionCancelled',
  'PrepaymentRefunded',
]);
const isMoneyEvent = (event: ProjectedOf<Handled>): event is ProjectedOf<MoneyEvent> => MONEY_EVENTS.has(event.type);
