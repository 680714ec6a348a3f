import type { Sql } from '@goodpay/event-store';
import type { BalanceBatchKeys, BalanceBatchPlan, StoredBalance, StoredRedemption } from './plan-balance-batch';

/** The rows a batch touches, read in two statements (none for a batch without redemptions). */
export async function loadBalanceBatch(
  sql: Sql,
  keys: BalanceBatchKeys,
): Promise<{ balances: StoredBalance[]; redemptions: StoredRedemption[] }> {
  const balances = await sql.query<{ prepayment_id: string; amount: string; redeemed: string; refunded: string; refunded_at_set: boolean }>(
    `SELECT prepayment_id, amount::text AS amount, redeemed::text AS redeemed, refunded::text AS refunded,
            refunded_at IS NOT NULL AS refunded_at_set
     FROM prepayment_balances WHERE prepayment_id = ANY($1::text[])`,
    [keys.prepaymentIds],
  );
  const redemptions =
    keys.redemptions.length === 0
      ? { rows: [] }
      : await sql.query<{ prepayment_id: string; redemption_id: string; amount: string; cancelled: boolean }>(
          // One probe of the primary key per key (LIMIT 1 keeps the subquery from being
          // flattened): as a join, the planner hashes the whole table once it has grown,
          // which made a rebuild's batches slower with every batch.
          `SELECT r.prepayment_id, r.redemption_id, r.amount::text AS amount, r.cancelled_at IS NOT NULL AS cancelled
           FROM unnest($1::text[], $2::text[]) AS k(prepayment_id, redemption_id)
           CROSS JOIN LATERAL (
             SELECT * FROM prepayment_redemptions r
             WHERE r.prepayment_id = k.prepayment_id AND r.redemption_id = k.redemption_id
             LIMIT 1
           ) r`,
          [keys.redemptions.map((k) => k.prepaymentId), keys.redemptions.map((k) => k.redemptionId)],
        );
  return {
    balances: balances.rows.map((row) => ({
      prepaymentId: row.prepayment_id,
      amount: Number(row.amount),
      redeemed: Number(row.redeemed),
      refunded: Number(row.refunded),
      refundedAtSet: row.refunded_at_set,
    })),
    redemptions: redemptions.rows.map((row) => ({
      prepaymentId: row.prepayment_id,
      redemptionId: row.redemption_id,
      amount: Number(row.amount),
      cancelled: row.cancelled,
    })),
  };
}

/**
 * Writes a planned batch in at most four statements: the new prepayments whole, the existing
 * ones' summed changes, the new redemptions with their final cancellation, the cancellations
 * of earlier redemptions. The tables' constraints still check every final row.
 */
export async function writeBalanceBatch(sql: Sql, plan: BalanceBatchPlan): Promise<void> {
  const made = plan.balances.filter((b) => b.made !== null);
  const changed = plan.balances.filter((b) => b.made === null);
  if (made.length > 0) {
    await sql.query(
      `INSERT INTO prepayment_balances (prepayment_id, code, payer_id, payer_kind, merchant_id, campaign_id,
         merchant_category, merchant_district, channel, amount, redeemed, refunded, refund_basis,
         refund_requested_at, refunded_at, paid_at, updated_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::text[], $10::bigint[], $11::bigint[], $12::bigint[], $13::text[], $14::timestamptz[], $15::timestamptz[],
         $16::timestamptz[], $17::timestamptz[])`,
      [
        made.map((b) => b.prepaymentId),
        made.map((b) => b.made!.code),
        made.map((b) => b.made!.payer?.id ?? null),
        made.map((b) => b.made!.payer?.kind ?? null),
        made.map((b) => b.made!.merchantId),
        made.map((b) => b.made!.campaignId),
        made.map((b) => b.made!.merchantCategory),
        made.map((b) => b.made!.merchantDistrict),
        made.map((b) => b.made!.channel),
        made.map((b) => b.made!.amount),
        made.map((b) => b.redeemed),
        made.map((b) => b.refunded),
        made.map((b) => b.refundBasis),
        made.map((b) => b.refundRequestedAt),
        made.map((b) => b.refundedAt),
        made.map((b) => b.made!.paidAt),
        made.map((b) => b.updatedAt),
      ],
    );
  }
  if (changed.length > 0) {
    // $8 is not written: casting it checks the moments later events overwrote, as the
    // per-event statements would have.
    const { rowCount } = await sql.query(
      `UPDATE prepayment_balances b
       SET redeemed = b.redeemed + c.redeemed,
           refunded = b.refunded + c.refunded,
           refund_basis = CASE WHEN c.refund_requested THEN c.refund_basis ELSE b.refund_basis END,
           refund_requested_at = CASE WHEN c.refund_requested THEN c.refund_requested_at ELSE b.refund_requested_at END,
           refunded_at = coalesce(c.refunded_at, b.refunded_at),
           updated_at = c.updated_at
       FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::boolean[], $5::text[], $6::timestamptz[], $7::timestamptz[], $9::timestamptz[])
         AS c(prepayment_id, redeemed, refunded, refund_requested, refund_basis, refund_requested_at, refunded_at, updated_at)
       WHERE b.prepayment_id = c.prepayment_id AND cardinality($8::timestamptz[]) >= 0`,
      [
        changed.map((b) => b.prepaymentId),
        changed.map((b) => b.redeemed),
        changed.map((b) => b.refunded),
        changed.map((b) => b.refundRequested),
        changed.map((b) => b.refundBasis),
        changed.map((b) => b.refundRequestedAt),
        changed.map((b) => b.refundedAt),
        plan.moments,
        changed.map((b) => b.updatedAt),
      ],
    );
    if (rowCount !== changed.length) throw new Error(`updated ${rowCount} prepayments, expected ${changed.length}`);
  } else if (plan.moments.length > 0) {
    await sql.query(`SELECT cardinality($1::timestamptz[])`, [plan.moments]);
  }
  if (plan.redemptions.length > 0) {
    const r = plan.redemptions;
    await sql.query(
      `INSERT INTO prepayment_redemptions (prepayment_id, redemption_id, merchant_id, amount, redeemed_at, seoul_day, cancelled_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[], $6::date[], $7::timestamptz[])`,
      [
        r.map((x) => x.prepaymentId),
        r.map((x) => x.redemptionId),
        r.map((x) => x.merchantId),
        r.map((x) => x.amount),
        r.map((x) => x.redeemedAt),
        r.map((x) => x.seoulDay),
        r.map((x) => x.cancelledAt),
      ],
    );
  }
  if (plan.cancellations.length > 0) {
    const c = plan.cancellations;
    const { rowCount } = await sql.query(
      `UPDATE prepayment_redemptions r SET cancelled_at = c.cancelled_at
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS c(prepayment_id, redemption_id, cancelled_at)
       WHERE r.prepayment_id = c.prepayment_id AND r.redemption_id = c.redemption_id AND r.cancelled_at IS NULL`,
      [c.map((x) => x.prepaymentId), c.map((x) => x.redemptionId), c.map((x) => x.cancelledAt)],
    );
    if (rowCount !== c.length) throw new Error(`cancelled ${rowCount} redemptions, expected ${c.length}`);
  }
}
