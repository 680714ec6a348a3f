import { seoulDate } from '@goodpay/campaign';
import { applyEach, asEvent, exactly, type Projection, type RecordedEvent, type Sql } from '@goodpay/event-store';
import type {
  PrepaymentClaimed,
  PrepaymentMade,
  PrepaymentOrderCancelled,
  PrepaymentOrdered,
  PrepaymentRedeemed,
  PrepaymentRefunded,
  RedemptionCancelled,
  RefundRequested,
} from '../prepayment/events';
import { loadBalanceBatch, writeBalanceBatch } from './balance-batch/balance-batch-sql';
import { type BalanceBatchPlan, keysOf, planBalanceBatch } from './balance-batch/plan-balance-batch';

export const PREPAYMENT_BALANCES = 'prepayment-balances';

/** The tables this projection owns, in the order `reset` empties them. */
export const PREPAYMENT_BALANCES_TABLES = ['prepayment_redemptions', 'prepayment_balances', 'prepayment_orders'] as const;

/**
 * Events that touch no balance: an order and its cancellation (their own table) and a claim (the payer columns, which
 * the set-based path never writes). Applied after the batch's others, in order: a claim comes
 * after its prepayment was made, in this batch or before.
 */
const OUTSIDE_BALANCES = new Set(['PrepaymentOrdered', 'PrepaymentOrderCancelled', 'PrepaymentClaimed']);

/**
 * Each prepayment's balance and status (`prepayment_balances`) and its redemptions with their
 * Seoul day and cancellation (`prepayment_redemptions`): the wallet, a prepayment's page, and
 * the merchant's outstanding liability (the sum of its balances) read from here. Balance and
 * status are generated columns over amount, redeemed, refunded and the refund request, so they
 * follow from the amounts exactly as the decider's `settle` does.
 *
 * Times are the events' own (paidAt, redeemedAt...), never now(): a rebuild writes the same rows.
 */
export class PrepaymentBalancesProjection implements Projection {
  readonly name = PREPAYMENT_BALANCES;
  readonly eventTypes = [
    'PrepaymentOrdered',
    'PrepaymentOrderCancelled',
    'PrepaymentMade',
    'PrepaymentClaimed',
    'PrepaymentRedeemed',
    'RedemptionCancelled',
    'RefundRequested',
    'PrepaymentRefunded',
  ];

  /**
   * Applies a batch set-based (a handful of statements instead of one or two per event), and
   * falls back to the per-event path whenever the set-based one refuses the batch: that path
   * is the reference, and it names the event that broke the batch. A single event gains
   * nothing from the set-based path, so it goes straight to the per-event one.
   */
  async apply(events: readonly RecordedEvent[], sql: Sql): Promise<void> {
    const balances = events.filter((event) => !OUTSIDE_BALANCES.has(event.type));
    const outside = events.filter((event) => OUTSIDE_BALANCES.has(event.type));
    if (!(balances.length > 1 && (await this.applySetBased(balances, sql)))) {
      await applyEach(this.name, balances, (event) => this.applyOne(event, sql));
    }
    if (outside.length > 1 && (await this.applyOutsideSetBased(outside, sql))) return;
    await applyEach(this.name, outside, (event) => this.applyOne(event, sql));
  }

  /** Orders and claims in one statement each; false (having written nothing) when refused, for the per-event path to name the event. */
  private async applyOutsideSetBased(events: readonly RecordedEvent[], sql: Sql): Promise<boolean> {
    const orders = events.filter((e) => e.type === 'PrepaymentOrdered').map((e) => asEvent<PrepaymentOrdered>(e).data);
    const claims = events.filter((e) => e.type === 'PrepaymentClaimed').map((e) => asEvent<PrepaymentClaimed>(e).data);
    const cancellations = events.filter((e) => e.type === 'PrepaymentOrderCancelled').map((e) => asEvent<PrepaymentOrderCancelled>(e).data);
    await sql.query('SAVEPOINT balance_outside');
    try {
      if (orders.length > 0) {
        await sql.query(
          `INSERT INTO prepayment_orders (prepayment_id, code, payer_id, payer_kind, merchant_id, campaign_id,
             merchant_category, merchant_district, amount, provider, external_reference, paid_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
             $9::bigint[], $10::text[], $11::text[], $12::timestamptz[])`,
          [
            orders.map((o) => o.prepaymentId),
            orders.map((o) => o.code),
            orders.map((o) => o.payer.id),
            orders.map((o) => o.payer.kind),
            orders.map((o) => o.merchantId),
            orders.map((o) => o.campaignId),
            orders.map((o) => o.merchantCategory),
            orders.map((o) => o.merchantDistrict),
            orders.map((o) => o.amount),
            orders.map((o) => o.payment.provider),
            orders.map((o) => o.payment.externalReference),
            orders.map((o) => o.paidAt),
          ],
        );
      }
      if (cancellations.length > 0) {
        const { rowCount } = await sql.query(
          `UPDATE prepayment_orders o SET cancelled_at = c.cancelled_at
           FROM unnest($1::text[], $2::timestamptz[]) AS c(prepayment_id, cancelled_at)
           WHERE o.prepayment_id = c.prepayment_id AND o.cancelled_at IS NULL`,
          [cancellations.map((c) => c.prepaymentId), cancellations.map((c) => c.cancelledAt)],
        );
        if (rowCount !== cancellations.length) throw new Error(`cancelled ${rowCount} orders, expected ${cancellations.length}`);
      }
      if (claims.length > 0) {
        const { rowCount } = await sql.query(
          `UPDATE prepayment_balances b SET payer_id = c.payer_id, payer_kind = c.payer_kind, updated_at = greatest(b.updated_at, c.claimed_at)
           FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS c(prepayment_id, payer_id, payer_kind, claimed_at)
           WHERE b.prepayment_id = c.prepayment_id AND b.payer_id IS NULL`,
          [claims.map((c) => c.prepaymentId), claims.map((c) => c.payer.id), claims.map((c) => c.payer.kind), claims.map((c) => c.claimedAt)],
        );
        if (rowCount !== claims.length) throw new Error(`claimed ${rowCount} prepayments, expected ${claims.length}`);
      }
    } catch {
      await sql.query('ROLLBACK TO SAVEPOINT balance_outside');
      return false;
    }
    await sql.query('RELEASE SAVEPOINT balance_outside');
    return true;
  }

  /** True when the batch was written; false (having written nothing) when it was refused. */
  private async applySetBased(events: readonly RecordedEvent[], sql: Sql): Promise<boolean> {
    const stored = await loadBalanceBatch(sql, keysOf(events));
    let plan: BalanceBatchPlan;
    try {
      plan = planBalanceBatch(events, stored.balances, stored.redemptions);
    } catch {
      return false;
    }
    // A refused statement aborts the transaction: the savepoint keeps it usable for the fallback.
    await sql.query('SAVEPOINT balance_batch');
    try {
      await writeBalanceBatch(sql, plan);
    } catch {
      await sql.query('ROLLBACK TO SAVEPOINT balance_batch');
      return false;
    }
    await sql.query('RELEASE SAVEPOINT balance_batch');
    return true;
  }

  async reset(sql: Sql): Promise<void> {
    for (const table of PREPAYMENT_BALANCES_TABLES) await sql.query(`DELETE FROM ${table}`);
  }

  private async applyOne(event: RecordedEvent, sql: Sql): Promise<void> {
    switch (event.type) {
      case 'PrepaymentOrdered': {
        const { data } = asEvent<PrepaymentOrdered>(event);
        await sql.query(
          `INSERT INTO prepayment_orders (prepayment_id, code, payer_id, payer_kind, merchant_id, campaign_id,
             merchant_category, merchant_district, amount, provider, external_reference, paid_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            data.prepaymentId,
            data.code,
            data.payer.id,
            data.payer.kind,
            data.merchantId,
            data.campaignId,
            data.merchantCategory,
            data.merchantDistrict,
            data.amount,
            data.payment.provider,
            data.payment.externalReference,
            data.paidAt,
          ],
        );
        return;
      }
      case 'PrepaymentOrderCancelled': {
        const { data } = asEvent<PrepaymentOrderCancelled>(event);
        await exactly(
          sql,
          1,
          `cancellation of order ${data.prepaymentId}`,
          `UPDATE prepayment_orders SET cancelled_at = $2 WHERE prepayment_id = $1 AND cancelled_at IS NULL`,
          [data.prepaymentId, data.cancelledAt],
        );
        return;
      }
      case 'PrepaymentClaimed': {
        const { data } = asEvent<PrepaymentClaimed>(event);
        await exactly(
          sql,
          1,
          `claim of prepayment ${data.prepaymentId}`,
          // greatest: a later event of the same batch may have been written first (see OUTSIDE_BALANCES).
          `UPDATE prepayment_balances SET payer_id = $2, payer_kind = $3, updated_at = greatest(updated_at, $4)
           WHERE prepayment_id = $1 AND payer_id IS NULL`,
          [data.prepaymentId, data.payer.id, data.payer.kind, data.claimedAt],
        );
        return;
      }
      case 'PrepaymentMade': {
        const { data } = asEvent<PrepaymentMade>(event);
        await sql.query(
          `INSERT INTO prepayment_balances (prepayment_id, code, payer_id, payer_kind, merchant_id, campaign_id,
             merchant_category, merchant_district, channel, amount, paid_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
          [
            data.prepaymentId,
            data.code,
            data.payer?.id ?? null,
            data.payer?.kind ?? null,
            data.merchantId,
            data.campaignId,
            data.merchantCategory,
            data.merchantDistrict,
            data.channel,
            data.amount,
            data.paidAt,
          ],
        );
        return;
      }
      case 'PrepaymentRedeemed': {
        const { data } = asEvent<PrepaymentRedeemed>(event);
        await sql.query(
          `INSERT INTO prepayment_redemptions (prepayment_id, redemption_id, merchant_id, amount, redeemed_at, seoul_day)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [data.prepaymentId, data.redemptionId, data.merchantId, data.amount, data.redeemedAt, seoulDate(data.redeemedAt)],
        );
        await this.moveAmounts(sql, data.prepaymentId, data.redeemedAt, data.balanceAfter, { redeemed: data.amount });
        return;
      }
      case 'RedemptionCancelled': {
        const { data } = asEvent<RedemptionCancelled>(event);
        const [cancelled] = await exactly(
          sql,
          1,
          `cancellation of redemption ${data.redemptionId}`,
          `UPDATE prepayment_redemptions SET cancelled_at = $3
           WHERE prepayment_id = $1 AND redemption_id = $2 AND cancelled_at IS NULL
           RETURNING amount::text AS amount`,
          [data.prepaymentId, data.redemptionId, data.cancelledAt],
        );
        if (Number(cancelled.amount) !== data.amount) {
          throw new Error(`redemption ${data.redemptionId} was of ${String(cancelled.amount)} won, its cancellation of ${data.amount}`);
        }
        await this.moveAmounts(sql, data.prepaymentId, data.cancelledAt, data.balanceAfter, { redeemed: -data.amount });
        return;
      }
      case 'RefundRequested': {
        const { data } = asEvent<RefundRequested>(event);
        await exactly(
          sql,
          1,
          `refund request of prepayment ${data.prepaymentId}`,
          `UPDATE prepayment_balances SET refund_basis = $2, refund_requested_at = $3, updated_at = $3
           WHERE prepayment_id = $1 AND refunded = 0`,
          [data.prepaymentId, data.basis, data.requestedAt],
        );
        return;
      }
      case 'PrepaymentRefunded': {
        const { data } = asEvent<PrepaymentRefunded>(event);
        await this.moveAmounts(sql, data.prepaymentId, data.refundedAt, 0, { refunded: data.amount, refundedAt: data.refundedAt });
        return;
      }
    }
  }

  /**
   * Adds to redeemed and refunded, and checks the balance the event says it left against the
   * one the row now generates: a mismatch means the read model drifted from the log.
   */
  private async moveAmounts(
    sql: Sql,
    prepaymentId: string,
    at: string,
    balanceAfter: number,
    { redeemed = 0, refunded = 0, refundedAt = null }: { redeemed?: number; refunded?: number; refundedAt?: string | null },
  ): Promise<void> {
    const [row] = await exactly(
      sql,
      1,
      `amounts of prepayment ${prepaymentId}`,
      `UPDATE prepayment_balances
       SET redeemed = redeemed + $2, refunded = refunded + $3, refunded_at = coalesce($5::timestamptz, refunded_at), updated_at = $4
       WHERE prepayment_id = $1
       RETURNING balance::text AS balance`,
      [prepaymentId, redeemed, refunded, at, refundedAt],
    );
    if (Number(row.balance) !== balanceAfter) {
      throw new Error(`prepayment ${prepaymentId} has ${String(row.balance)} won left, the event says ${balanceAfter}`);
    }
  }
}
