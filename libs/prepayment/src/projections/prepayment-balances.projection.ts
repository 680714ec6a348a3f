import type { CampaignRehearsalDeleted } from '@goodpay/campaign';
import type { Projection, RecordedOf, Sql } from '@goodpay/event-store';
import type { PrepaymentEvent } from '../prepayment/events';
import { loadBalanceBatch, writeBalanceBatch } from './balance-batch/balance-batch-sql';
import { type BalanceEvent, keysOf, planBalanceBatch } from './balance-batch/plan-balance-batch';

export const PREPAYMENT_BALANCES = 'prepayment-balances';

/** The tables this projection owns: a rebuild builds copies of them and swaps them in. */
export const PREPAYMENT_BALANCES_TABLES = ['prepayment_redemptions', 'prepayment_balances', 'prepayment_orders'] as const;

/** Events that touch no balance: an order and its cancellation (their own table) and a claim (the payer columns). */
type OutsideEvent = Extract<PrepaymentEvent, { type: 'PrepaymentOrdered' | 'PrepaymentOrderCancelled' | 'PrepaymentClaimed' }>;
type Handled = BalanceEvent | OutsideEvent | CampaignRehearsalDeleted;

const isOutside = (event: RecordedOf<Handled>): event is RecordedOf<OutsideEvent> =>
  event.type === 'PrepaymentOrdered' || event.type === 'PrepaymentOrderCancelled' || event.type === 'PrepaymentClaimed';

const ofType = <R extends { type: string }, T extends R['type']>(events: readonly R[], type: T): Extract<R, { type: T }>[] =>
  events.filter((event): event is Extract<R, { type: T }> => event.type === type);

/**
 * Each prepayment's balance and status (`prepayment_balances`) and its redemptions with their
 * Seoul day and cancellation (`prepayment_redemptions`): the wallet, a prepayment's page, and
 * the merchant's outstanding liability (the sum of its balances) read from here. Balance and
 * status are generated columns over amount, redeemed, refunded and the refund request, so they
 * follow from the amounts exactly as the decider's `settle` does.
 *
 * One implementation, set-based: a batch is planned in memory (planBalanceBatch, with every
 * check the table and the log demand, naming the first impossible event) and written in a
 * handful of statements whatever its size; a batch of one event goes the same way. There is no
 * per-event path beside it to state the rules a second time.
 *
 * Times are the events' own (paidAt, redeemedAt...), never now(): a rebuild writes the same rows.
 */
export class PrepaymentBalancesProjection implements Projection<Handled> {
  readonly name = PREPAYMENT_BALANCES;
  readonly eventTypes: readonly Handled['type'][] = [
    'CampaignRehearsalDeleted',
    'PrepaymentOrdered',
    'PrepaymentOrderCancelled',
    'PrepaymentMade',
    'PrepaymentClaimed',
    'PrepaymentRedeemed',
    'RedemptionCancelled',
    'RefundRequested',
    'PrepaymentRefunded',
  ];

  /** The balances first, then the orders and claims: a claim comes after its prepayment was made, in this batch or before. */
  async apply(events: readonly RecordedOf<Handled>[], sql: Sql): Promise<void> {
    // A deleted rehearsal's rows go, in log order with the rest: apply the runs between deletions in turn.
    let run: RecordedOf<BalanceEvent | OutsideEvent>[] = [];
    for (const event of events) {
      if (event.type !== 'CampaignRehearsalDeleted') {
        run.push(event);
        continue;
      }
      await this.applyRun(run, sql);
      run = [];
      await deleteRehearsal(event.data.campaignId, sql);
    }
    await this.applyRun(run, sql);
  }

  private async applyRun(events: readonly RecordedOf<BalanceEvent | OutsideEvent>[], sql: Sql): Promise<void> {
    const balances = events.filter((event): event is RecordedOf<BalanceEvent> => !isOutside(event));
    if (balances.length > 0) await this.applyBalances(balances, sql);
    const outside = events.filter(isOutside);
    if (outside.length > 0) await this.applyOutside(outside, sql);
  }

  readonly tables = PREPAYMENT_BALANCES_TABLES;

  private async applyBalances(events: readonly RecordedOf<BalanceEvent>[], sql: Sql): Promise<void> {
    const stored = await loadBalanceBatch(sql, keysOf(events));
    let plan: ReturnType<typeof planBalanceBatch>;
    try {
      plan = planBalanceBatch(events, stored.balances, stored.redemptions);
    } catch (error) {
      throw new Error(`projection ${this.name} ${(error as Error).message}`, { cause: error });
    }
    await refusedAs(this.name, events, () => writeBalanceBatch(sql, plan));
  }

  /** Orders, their cancellations and claims: one statement each, each checked to change exactly its rows. */
  private async applyOutside(events: readonly RecordedOf<OutsideEvent>[], sql: Sql): Promise<void> {
    const orders = ofType(events, 'PrepaymentOrdered').map((e) => e.data);
    const cancellations = ofType(events, 'PrepaymentOrderCancelled').map((e) => e.data);
    const claims = ofType(events, 'PrepaymentClaimed').map((e) => e.data);
    await refusedAs(this.name, events, async () => {
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
        if (rowCount !== cancellations.length)
          throw new Error(`read model out of step with the log: cancelled ${rowCount} orders, expected ${cancellations.length}`);
      }
      if (claims.length > 0) {
        const { rowCount } = await sql.query(
          `UPDATE prepayment_balances b SET payer_id = c.payer_id, payer_kind = c.payer_kind, updated_at = greatest(b.updated_at, c.claimed_at)
           FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS c(prepayment_id, payer_id, payer_kind, claimed_at)
           WHERE b.prepayment_id = c.prepayment_id AND b.payer_id IS NULL`,
          [
            claims.map((c) => c.prepaymentId),
            claims.map((c) => c.payer.id),
            claims.map((c) => c.payer.kind),
            claims.map((c) => c.claimedAt),
          ],
        );
        if (rowCount !== claims.length)
          throw new Error(`read model out of step with the log: claimed ${rowCount} prepayments, expected ${claims.length}`);
      }
    });
  }
}

/** A statement the plan could not foresee refused the batch: say which events it held. */
async function refusedAs(projection: string, events: readonly RecordedOf<Handled>[], write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const [first, last] = [events[0], events[events.length - 1]];
    throw new Error(
      `projection ${projection} failed on the batch of ${events.length} events at positions ${first.globalPosition}..${last.globalPosition}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Every row of a deleted rehearsal's prepayments and orders. */
async function deleteRehearsal(campaignId: string, sql: Sql): Promise<void> {
  await sql.query(
    `DELETE FROM prepayment_redemptions WHERE prepayment_id IN (SELECT prepayment_id FROM prepayment_balances WHERE campaign_id = $1)`,
    [campaignId],
  );
  await sql.query(`DELETE FROM prepayment_balances WHERE campaign_id = $1`, [campaignId]);
  await sql.query(`DELETE FROM prepayment_orders WHERE campaign_id = $1`, [campaignId]);
}
