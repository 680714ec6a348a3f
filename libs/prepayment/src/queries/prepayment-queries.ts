import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CalendarDate, calendarDate } from '@goodpay/shared';
import { type Sql, readSqlOn, Subscriptions } from '@goodpay/event-store';
import { InvalidInputError, krwFigure, type KrwFigure, NotFoundError, sumKrw } from '@goodpay/shared';
import { normalisePrepaymentCode } from '../prepayment-code/prepayment-code';
import type { PayerKind, PaymentChannel } from '../prepayment/events';
import { CAMPAIGN_DASHBOARD } from '../projections/campaign-dashboard.projection';
import { MERCHANT_LEDGER } from '../projections/merchant-ledger.projection';
import { PREPAYMENT_BALANCES } from '../projections/prepayment-balances.projection';
import type {
  BreakdownRow,
  CampaignDashboard,
  LedgerFigures,
  MerchantLedger,
  PrepaymentDetail,
  PrepaymentView,
  PrepaymentViewStatus,
  RedemptionView,
  Wallet,
} from './views';

type Bigint = string;

interface BalanceRow {
  prepayment_id: string;
  code: string;
  payer_id: string | null;
  payer_kind: PayerKind | null;
  merchant_id: string;
  merchant_name: string | null;
  merchant_owner_id: string | null;
  campaign_id: string;
  merchant_category: string;
  merchant_district: string;
  channel: PaymentChannel;
  amount: Bigint;
  redeemed: Bigint;
  refunded: Bigint;
  balance: Bigint;
  status: PrepaymentViewStatus;
  refund_basis: string | null;
  refund_requested_at: Date | null;
  refunded_at: Date | null;
  paid_at: Date;
  updated_at: Date;
}

const BALANCE_COLUMNS = `b.prepayment_id, b.code, b.payer_id, b.payer_kind, b.merchant_id, m.name AS merchant_name, m.owner_id AS merchant_owner_id,
  b.campaign_id, b.merchant_category, b.merchant_district, b.channel,
  b.amount::text AS amount, b.redeemed::text AS redeemed, b.refunded::text AS refunded, b.balance::text AS balance,
  b.status, b.refund_basis, b.refund_requested_at, b.refunded_at, b.paid_at, b.updated_at`;

/**
 * The merchant's name is the ledger's (merchant events); a shop registers long before anyone
 * prepays there, so the name is not waited for: a missing one is shown as null.
 */
const BALANCES_FROM = `prepayment_balances b LEFT JOIN merchant_ledger_merchants m ON m.merchant_id = b.merchant_id`;

/**
 * Orders not (or never to be) paid, in the shape of a balance row: nothing redeemable (balance
 * 0), status awaiting_payment or order_cancelled. A confirmed order has its balance row.
 */
const AWAITING_ORDERS = `SELECT o.prepayment_id, o.code, o.payer_id, o.payer_kind, o.merchant_id, m.name AS merchant_name,
  m.owner_id AS merchant_owner_id, o.campaign_id, o.merchant_category, o.merchant_district, 'platform' AS channel,
  o.amount::text AS amount, '0' AS redeemed, '0' AS refunded, '0' AS balance,
  CASE WHEN o.cancelled_at IS NULL THEN 'awaiting_payment' ELSE 'order_cancelled' END AS status,
  NULL AS refund_basis, NULL::timestamptz AS refund_requested_at, NULL::timestamptz AS refunded_at, o.paid_at,
  coalesce(o.cancelled_at, o.paid_at) AS updated_at
  FROM prepayment_orders o LEFT JOIN merchant_ledger_merchants m ON m.merchant_id = o.merchant_id
  WHERE NOT EXISTS (SELECT 1 FROM prepayment_balances p WHERE p.prepayment_id = o.prepayment_id)`;

/** Paid prepayments and orders awaiting payment alike, filtered by `where` (over b. or o. columns). */
const prepaymentsWhere = (balances: string, orders: string) =>
  `SELECT ${BALANCE_COLUMNS} FROM ${BALANCES_FROM} WHERE ${balances} UNION ALL ${AWAITING_ORDERS} AND ${orders}`;

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

function toView(row: BalanceRow): PrepaymentView {
  return {
    prepaymentId: row.prepayment_id,
    code: row.code,
    payerId: row.payer_id,
    payerKind: row.payer_kind,
    merchantId: row.merchant_id,
    merchantName: row.merchant_name,
    merchantOwnerId: row.merchant_owner_id,
    campaignId: row.campaign_id,
    merchantCategory: row.merchant_category,
    merchantDistrict: row.merchant_district,
    channel: row.channel,
    amount: krwFigure(row.amount),
    redeemed: krwFigure(row.redeemed),
    refunded: krwFigure(row.refunded),
    balance: krwFigure(row.balance),
    status: row.status,
    refundBasis: row.refund_basis,
    refundRequestedAt: iso(row.refund_requested_at),
    refundedAt: iso(row.refunded_at),
    paidAt: row.paid_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

interface FiguresRow {
  prepaid_amount: Bigint;
  prepaid_count: number | string;
  redeemed_amount: Bigint;
  redemption_count: number | string;
  refunded_amount: Bigint;
  refund_count: number | string;
}

const toFigures = (row: FiguresRow): LedgerFigures => ({
  prepaidAmount: krwFigure(row.prepaid_amount),
  prepaidCount: Number(row.prepaid_count),
  redeemedAmount: krwFigure(row.redeemed_amount),
  redemptionCount: Number(row.redemption_count),
  refundedAmount: krwFigure(row.refunded_amount),
  refundCount: Number(row.refund_count),
});

interface BreakdownDbRow {
  dimension: 'category' | 'district';
  key: string;
  prepayment_count: number;
  prepaid_amount: Bigint;
  redeemed_amount: Bigint;
  refunded_amount: Bigint;
}

/** Percent to two decimals, rounded half up, from exact whole figures. */
const percent = (reached: number | KrwFigure, target: number | KrwFigure | undefined): number | null => {
  if (target === undefined || BigInt(target) <= 0n) return null;
  const hundredths = (BigInt(reached) * 20_000n + BigInt(target)) / (2n * BigInt(target));
  return Number(hundredths) / 100;
};

/**
 * The prepayment context's reads, from its projections. Each takes an optional `afterPosition`
 * (a command's answer): it first waits until the projections it reads have applied that event,
 * so a client reads its own write (ProjectionNotReadyError, 503, if they have not in time).
 *
 * Authorization is the caller's: every answer carries the payer and merchant ids to check.
 */
@Injectable()
export class PrepaymentQueries {
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly subscriptions: Subscriptions,
  ) {
    this.sql = readSqlOn(dataSource);
  }

  /** One prepayment with its redemptions, or prepayment_not_found. */
  async getPrepayment(prepaymentId: string, afterPosition?: string): Promise<PrepaymentDetail> {
    const row = await this.oneWithItsShop(prepaymentsWhere('b.prepayment_id = $1', 'o.prepayment_id = $1'), prepaymentId, afterPosition);
    if (!row) throw new NotFoundError('prepayment', prepaymentId);
    return this.withRedemptions(row);
  }

  /** The prepayment a code (as typed: case, spaces and dashes ignored) belongs to, or prepayment_code_not_found. */
  async getByCode(typedCode: string, afterPosition?: string): Promise<PrepaymentDetail> {
    const code = normalisePrepaymentCode(typedCode);
    const row = await this.oneWithItsShop(prepaymentsWhere('b.code = $1', 'o.code = $1'), code, afterPosition);
    if (!row) throw new NotFoundError('prepayment_code', code);
    return this.withRedemptions(row);
  }

  /**
   * One prepayment's row once the balances have reached `afterPosition`. Its shop's owner (who
   * may see it) comes from the merchant ledger, which the reader usually need not wait for: a
   * shop registers long before anyone prepays there. When the row names no owner yet and the
   * reader asked for read-your-writes, the ledger is waited for too and the row read again, so
   * an owner reading the prepayment just made at a shop just opened is not told 404.
   */
  private async oneWithItsShop(query: string, key: string, afterPosition: string | undefined): Promise<BalanceRow | undefined> {
    await this.waitFor([PREPAYMENT_BALANCES], afterPosition);
    const [row] = (await this.sql.query<BalanceRow>(query, [key])).rows;
    if (!row || row.merchant_owner_id !== null || afterPosition === undefined) return row;
    await this.waitFor([MERCHANT_LEDGER], afterPosition);
    return (await this.sql.query<BalanceRow>(query, [key])).rows[0];
  }

  /**
   * A payer's wallet: their prepayments and their orders awaiting payment, newest first, and
   * what the paid ones add up to. Empty if none. A prepayment at the shop appears once claimed.
   */
  async listForPayer(payerId: string, afterPosition?: string): Promise<Wallet> {
    await this.waitFor([PREPAYMENT_BALANCES], afterPosition);
    const { rows } = await this.sql.query<BalanceRow>(
      `${prepaymentsWhere('b.payer_id = $1', 'o.payer_id = $1')} ORDER BY paid_at DESC, prepayment_id`,
      [payerId],
    );
    const items = rows.map(toView);
    const paid = items.filter((item) => item.status !== 'awaiting_payment' && item.status !== 'order_cancelled');
    const sum = (pick: (item: PrepaymentView) => KrwFigure) => sumKrw(paid.map(pick));
    return {
      payerId,
      items,
      totals: {
        count: paid.length,
        amount: sum((i) => i.amount),
        redeemed: sum((i) => i.redeemed),
        refunded: sum((i) => i.refunded),
        balance: sum((i) => i.balance),
      },
    };
  }

  /**
   * A merchant's ledger by Seoul day, `from` and `to` included (either may be left open), and
   * its outstanding liability now. merchant_not_found when the shop is unknown to the ledger.
   * Real campaigns only: a rehearsal's sales at the shop are in neither.
   */
  async merchantLedger(
    merchantId: string,
    range: { from?: CalendarDate; to?: CalendarDate } = {},
    afterPosition?: string,
  ): Promise<MerchantLedger> {
    const from = range.from === undefined ? null : calendarDate(range.from, 'from');
    const to = range.to === undefined ? null : calendarDate(range.to, 'to');
    if (from !== null && to !== null && from > to) {
      throw new InvalidInputError('from must not be after to', { from, to }, 'invalid_date_range');
    }
    await this.waitFor([MERCHANT_LEDGER, PREPAYMENT_BALANCES], afterPosition);
    const [merchant, days, liability] = await Promise.all([
      this.sql.query<{ name: string; owner_id: string; category: string; district: string; status: string }>(
        `SELECT name, owner_id, category, district, status FROM merchant_ledger_merchants WHERE merchant_id = $1`,
        [merchantId],
      ),
      this.sql.query<FiguresRow & { day: string }>(
        `SELECT day::text AS day, prepaid_amount::text AS prepaid_amount, prepaid_count,
                redeemed_amount::text AS redeemed_amount, redemption_count,
                refunded_amount::text AS refunded_amount, refund_count
         FROM merchant_ledger_days d
         WHERE merchant_id = $1 AND ($2::date IS NULL OR d.day >= $2::date) AND ($3::date IS NULL OR d.day <= $3::date)
         ORDER BY d.day`,
        [merchantId, from, to],
      ),
      // A rehearsal's prepayments are not what the shop owes (the ledger notes which they are).
      this.sql.query<{ outstanding: Bigint; open: number; any: boolean }>(
        `SELECT coalesce(sum(balance), 0)::text AS outstanding, count(*) FILTER (WHERE balance > 0)::int AS open,
                count(*) > 0 AS any
         FROM prepayment_balances b WHERE merchant_id = $1
           AND NOT EXISTS (SELECT 1 FROM merchant_ledger_rehearsal_prepayments r WHERE r.prepayment_id = b.prepayment_id)`,
        [merchantId],
      ),
    ]);
    const shop = merchant.rows[0];
    if (!shop && !liability.rows[0].any) {
      const { rows } = await this.sql.query(`SELECT 1 FROM merchant_ledger_days WHERE merchant_id = $1 LIMIT 1`, [merchantId]);
      if (rows.length === 0) throw new NotFoundError('merchant', merchantId);
    }
    const ledgerDays = days.rows.map((row) => ({ day: row.day, ...toFigures(row) }));
    const totals = ledgerDays.reduce<LedgerFigures>(
      (sum, day) => ({
        prepaidAmount: sum.prepaidAmount + day.prepaidAmount,
        prepaidCount: sum.prepaidCount + day.prepaidCount,
        redeemedAmount: sum.redeemedAmount + day.redeemedAmount,
        redemptionCount: sum.redemptionCount + day.redemptionCount,
        refundedAmount: sum.refundedAmount + day.refundedAmount,
        refundCount: sum.refundCount + day.refundCount,
      }),
      { prepaidAmount: 0n, prepaidCount: 0, redeemedAmount: 0n, redemptionCount: 0, refundedAmount: 0n, refundCount: 0 },
    );
    return {
      merchantId,
      merchant: shop
        ? { name: shop.name, ownerId: shop.owner_id, category: shop.category, district: shop.district, status: shop.status }
        : null,
      from,
      to,
      days: ledgerDays,
      totals,
      outstandingLiability: krwFigure(liability.rows[0].outstanding),
      openPrepayments: liability.rows[0].open,
    };
  }

  /** The campaign's figures, breakdowns and progress against its target, or campaign_not_found. */
  async campaignDashboard(campaignId: string, afterPosition?: string): Promise<CampaignDashboard> {
    await this.waitFor([CAMPAIGN_DASHBOARD, PREPAYMENT_BALANCES], afterPosition);
    const [targets, participants, breakdown, days] = await Promise.all([
      this.sql.query<{
        name: string;
        starts_on: string;
        ends_on: string;
        closed_on: string | null;
        target_participants: Bigint;
        target_amount: Bigint;
        rehearsal: boolean;
      }>(
        `SELECT name, starts_on::text AS starts_on, ends_on::text AS ends_on, closed_on::text AS closed_on,
                target_participants::text AS target_participants, target_amount::text AS target_amount, rehearsal
         FROM campaign_targets WHERE campaign_id = $1`,
        [campaignId],
      ),
      this.sql.query<{ citizens: number; organisations: number }>(
        `SELECT count(*) FILTER (WHERE payer_kind = 'citizen')::int AS citizens,
                count(*) FILTER (WHERE payer_kind = 'organisation')::int AS organisations
         FROM campaign_participants WHERE campaign_id = $1`,
        [campaignId],
      ),
      this.sql.query<BreakdownDbRow>(
        `SELECT dimension, key, prepayment_count, prepaid_amount::text AS prepaid_amount,
                redeemed_amount::text AS redeemed_amount, refunded_amount::text AS refunded_amount
         FROM campaign_breakdown b WHERE campaign_id = $1
         ORDER BY b.dimension, b.prepaid_amount DESC, b.key`,
        [campaignId],
      ),
      // Each day's new participants and prepaid amount (Seoul days), summed up to that day.
      this.sql.query<{ day: string; participants: number; prepaid_amount: Bigint }>(
        `SELECT day::text AS day,
                (sum(sum(people)) OVER (ORDER BY day))::int AS participants,
                (sum(sum(amount)) OVER (ORDER BY day))::text AS prepaid_amount
         FROM (SELECT (first_paid_at AT TIME ZONE 'Asia/Seoul')::date AS day, count(*) AS people, 0::numeric AS amount
               FROM campaign_participants WHERE campaign_id = $1 GROUP BY 1
               UNION ALL
               SELECT (paid_at AT TIME ZONE 'Asia/Seoul')::date, 0, sum(amount)
               FROM prepayment_balances WHERE campaign_id = $1 GROUP BY 1) AS daily
         GROUP BY day ORDER BY day`,
        [campaignId],
      ),
    ]);
    const campaign = targets.rows[0];
    if (!campaign && breakdown.rows.length === 0) throw new NotFoundError('campaign', campaignId);

    const rowsOf = (dimension: 'category' | 'district'): BreakdownRow[] =>
      breakdown.rows
        .filter((row) => row.dimension === dimension)
        .map((row) => ({
          key: row.key,
          prepaymentCount: Number(row.prepayment_count),
          prepaidAmount: krwFigure(row.prepaid_amount),
          redeemedAmount: krwFigure(row.redeemed_amount),
          refundedAmount: krwFigure(row.refunded_amount),
        }));
    const byCategory = rowsOf('category');
    const byDistrict = rowsOf('district');
    // Every prepayment is in exactly one category row: the totals are their sum.
    const total = (pick: (row: BreakdownRow) => KrwFigure) => sumKrw(byCategory.map(pick));
    const amountBroughtForward = total((r) => r.prepaidAmount);
    const redeemed = total((r) => r.redeemedAmount);
    const refunded = total((r) => r.refundedAmount);
    const { citizens, organisations } = participants.rows[0];
    const target = campaign ? { participants: Number(campaign.target_participants), amount: krwFigure(campaign.target_amount) } : null;
    return {
      campaignId,
      isRehearsal: campaign?.rehearsal ?? false,
      campaign: campaign
        ? { name: campaign.name, startsOn: campaign.starts_on, endsOn: campaign.ends_on, closedOn: campaign.closed_on }
        : null,
      target,
      participants: { citizens, organisations, total: citizens + organisations },
      prepaymentCount: byCategory.reduce((sum, row) => sum + row.prepaymentCount, 0),
      amountBroughtForward,
      redeemed,
      refunded,
      outstanding: amountBroughtForward - redeemed - refunded,
      byCategory,
      byDistrict,
      byDay: days.rows.map((row) => ({ day: row.day, participants: row.participants, prepaidAmount: krwFigure(row.prepaid_amount) })),
      progress: {
        participantsPercent: percent(citizens + organisations, target?.participants),
        amountPercent: percent(amountBroughtForward, target?.amount),
      },
    };
  }

  private async withRedemptions(row: BalanceRow): Promise<PrepaymentDetail> {
    const { rows } = await this.sql.query<{
      redemption_id: string;
      amount: Bigint;
      redeemed_at: Date;
      seoul_day: string;
      cancelled_at: Date | null;
    }>(
      `SELECT redemption_id, amount::text AS amount, redeemed_at, seoul_day::text AS seoul_day, cancelled_at
       FROM prepayment_redemptions WHERE prepayment_id = $1 ORDER BY redeemed_at, redemption_id`,
      [row.prepayment_id],
    );
    const redemptions: RedemptionView[] = rows.map((r) => ({
      redemptionId: r.redemption_id,
      amount: krwFigure(r.amount),
      redeemedAt: r.redeemed_at.toISOString(),
      seoulDay: r.seoul_day,
      cancelledAt: iso(r.cancelled_at),
    }));
    return { ...toView(row), redemptions };
  }

  private async waitFor(projections: string[], afterPosition: string | undefined): Promise<void> {
    if (afterPosition === undefined) return;
    await Promise.all(projections.map((name) => this.subscriptions.waitFor(name, afterPosition)));
  }
}
