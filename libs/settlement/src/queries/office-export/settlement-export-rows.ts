import type { Sql } from '@goodpay/event-store';

/**
 * Settlements of a period of Seoul days, each with its payout, for the office's exports
 * (libs/office-export): the one place that reads these tables for them. The office's real
 * figures: a rehearsal's settlements (never paid out) are left out.
 */
export interface SettlementExportRow {
  settlementId: string;
  day: string;
  merchantId: string;
  items: number;
  collected: string;
  refunded: string;
  fee: string;
  pledge: string;
  carriedIn: string;
  payout: string;
  carriedOut: string;
  payoutStatus: string | null;
  paidAt: string | null;
  transferId: string | null;
}

export async function settlementExport(sql: Sql, from: string, to: string): Promise<SettlementExportRow[]> {
  const { rows } = await sql.query<SettlementExportRow>(
    `SELECT s.settlement_id::text AS "settlementId", s.day::text AS day, s.merchant_id AS "merchantId", s.item_count AS items,
            s.collected::text AS collected, s.refunded::text AS refunded, s.fee::text AS fee, s.pledge::text AS pledge,
            s.carried_in::text AS "carriedIn", s.payout::text AS payout, s.carried_out::text AS "carriedOut",
            p.status AS "payoutStatus", to_char(p.paid_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD HH24:MI') AS "paidAt",
            p.transfer_id AS "transferId"
     FROM settlements s LEFT JOIN payouts p ON p.settlement_id = s.settlement_id
     WHERE s.day BETWEEN $1::date AND $2::date AND s.rehearsal_campaign_id IS NULL
     ORDER BY s.day, s.merchant_id`,
    [from, to],
  );
  return rows;
}
