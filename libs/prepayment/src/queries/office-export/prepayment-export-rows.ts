import type { CalendarDate } from '@goodpay/shared';
import type { Sql } from '@goodpay/event-store';

/**
 * The prepayment context's figures for the office's exports (libs/office-export), for a period
 * of Seoul calendar days: the one place that reads these tables for them. Money comes as bigint
 * text, exact; the sheet writer turns it into numbers.
 */

/** Prepaid in the period, one row per category or district (as the dashboard counts). */
export interface DashboardExportRow {
  dimension: 'category' | 'district';
  key: string;
  prepayments: number;
  participants: number;
  prepaid: string;
  redeemed: string;
  refunded: string;
}

export interface DashboardExport {
  campaignName: string | null;
  targetParticipants: string | null;
  targetAmount: string | null;
  rows: DashboardExportRow[];
}

const SEOUL_DAY = `(paid_at AT TIME ZONE 'Asia/Seoul')::date`;

export async function dashboardExport(sql: Sql, campaignId: string, from: CalendarDate, to: CalendarDate): Promise<DashboardExport> {
  const [target, rows] = await Promise.all([
    sql.query<{ name: string; target_participants: string; target_amount: string }>(
      `SELECT name, target_participants::text, target_amount::text FROM campaign_targets WHERE campaign_id = $1`,
      [campaignId],
    ),
    sql.query<{
      dimension: 'category' | 'district';
      key: string;
      prepayments: number;
      participants: number;
      prepaid: string;
      redeemed: string;
      refunded: string;
    }>(
      `WITH period AS (
         SELECT * FROM prepayment_balances WHERE campaign_id = $1 AND ${SEOUL_DAY} BETWEEN $2::date AND $3::date
       ), dims AS (
         SELECT 'category' AS dimension, merchant_category AS key, * FROM period
         UNION ALL
         SELECT 'district' AS dimension, merchant_district AS key, * FROM period
       )
       SELECT dimension, key, count(*)::int AS prepayments, count(DISTINCT payer_id)::int AS participants,
              sum(amount)::text AS prepaid, sum(redeemed)::text AS redeemed, sum(refunded)::text AS refunded
       FROM dims GROUP BY dimension, key ORDER BY dimension, sum(amount) DESC, key`,
      [campaignId, from, to],
    ),
  ]);
  const campaign = target.rows[0];
  return {
    campaignName: campaign?.name ?? null,
    targetParticipants: campaign?.target_participants ?? null,
    targetAmount: campaign?.target_amount ?? null,
    rows: rows.rows,
  };
}

/** Each prepayment paid in the period (payers by their pseudonymous id only). */
export interface PrepaymentExportRow {
  prepaymentId: string;
  paidOn: CalendarDate;
  payerKind: string | null;
  payerId: string | null;
  merchantId: string;
  category: string;
  district: string;
  channel: string;
  amount: string;
  redeemed: string;
  refunded: string;
  balance: string;
  status: string;
}

export async function prepaymentExport(sql: Sql, campaignId: string, from: CalendarDate, to: CalendarDate): Promise<PrepaymentExportRow[]> {
  const { rows } = await sql.query<PrepaymentExportRow>(
    `SELECT prepayment_id AS "prepaymentId", ${SEOUL_DAY}::text AS "paidOn", payer_kind AS "payerKind", payer_id AS "payerId",
            merchant_id AS "merchantId", merchant_category AS category, merchant_district AS district, channel,
            amount::text AS amount, redeemed::text AS redeemed, refunded::text AS refunded, balance::text AS balance, status
     FROM prepayment_balances WHERE campaign_id = $1 AND ${SEOUL_DAY} BETWEEN $2::date AND $3::date
     ORDER BY paid_at, prepayment_id`,
    [campaignId, from, to],
  );
  return rows;
}
