import type { CampaignRehearsalDeleted } from '@goodpay/campaign';
import { inStreamShare, type LogRange, type RangeProjection, type Sql, type StreamShare } from '@goodpay/event-store';
import type { PrepaymentEvent } from '../prepayment/events';
import { applyBalances, applyOthers, BALANCE_SCHEMA_VERSION, type OtherType, rangeContents } from './balance-range/balance-range-sql';

export const PREPAYMENT_BALANCES = 'prepayment-balances';

/** The tables this projection owns: a rebuild builds copies of them and swaps them in. */
export const PREPAYMENT_BALANCES_TABLES = ['prepayment_redemptions', 'prepayment_balances', 'prepayment_orders'] as const;

type Handled =
  | Extract<
      PrepaymentEvent,
      {
        type:
          | 'PrepaymentOrdered'
          | 'PrepaymentOrderCancelled'
          | 'PrepaymentMade'
          | 'PrepaymentClaimed'
          | 'PrepaymentRedeemed'
          | 'RedemptionCancelled'
          | 'RefundRequested'
          | 'PrepaymentRefunded';
      }
    >
  | CampaignRehearsalDeleted;

/**
 * Each prepayment's balance and status (`prepayment_balances`) and its redemptions with their
 * Seoul day and cancellation (`prepayment_redemptions`), and the platform orders
 * (`prepayment_orders`): the wallet, a prepayment's page, and the merchant's outstanding
 * liability (the sum of its balances) read from here. Balance and status are generated columns
 * over amount, redeemed, refunded and the refund request, so they follow from the amounts
 * exactly as the decider's `settle` does.
 *
 * One implementation, in SQL (balance-range-sql.ts): a batch is a range of the log, and its
 * events are read, checked and written by PostgreSQL itself in a handful of statements
 * whatever the range's size: a live batch of one event, or a rebuild's hundred thousand,
 * none of them decoded in Node. The first impossible event fails the batch, named.
 *
 * Times are the events' own (paidAt, redeemedAt...), never now(): a rebuild writes the same rows.
 */
export class PrepaymentBalancesProjection implements RangeProjection<Handled> {
  readonly kind = 'range-projection';
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
  /** No type of these has an upcaster: the SQL reads version 1 of each, and refuses any other. */
  readonly schemaVersions = Object.fromEntries(this.eventTypes.map((type) => [type, BALANCE_SCHEMA_VERSION])) as Record<
    Handled['type'],
    number
  >;
  readonly tables = PREPAYMENT_BALANCES_TABLES;
  /**
   * Every row is one prepayment's (a redemption's too, an order's), written and checked from
   * its own stream's events: a rebuild applies each range in shares of the prepayments at once.
   */
  readonly splitsByStream = true;

  /**
   * A deleted rehearsal's rows go in log order with the rest: the stretches between deletions are
   * applied in turn. In a share, the deletion takes the share's own rows of the rehearsal.
   */
  async applyRange(range: LogRange, sql: Sql, share?: StreamShare): Promise<void> {
    const { deletions, others } = await rangeContents(sql, range);
    let after = range.after;
    for (const deletion of deletions) {
      await this.applyStretch({ ...range, after, upTo: deletion.at }, others, sql, share);
      await deleteRehearsal(deletion.campaignId, sql, share);
      after = deletion.at;
    }
    await this.applyStretch({ ...range, after }, others, sql, share);
  }

  /**
   * The balances first, then the orders and claims (of the types the whole range holds): a claim
   * comes after its prepayment was made, in this stretch or before.
   */
  private async applyStretch(range: LogRange, others: ReadonlySet<OtherType>, sql: Sql, share: StreamShare | undefined): Promise<void> {
    let refusal: Awaited<ReturnType<typeof applyBalances>>;
    try {
      refusal = await applyBalances(sql, range, share);
      if (refusal === null) await applyOthers(sql, range, others, share);
    } catch (error) {
      throw new Error(
        `projection ${this.name} failed on the batch of events at positions ${range.after.position}..${range.upTo.position}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (refusal !== null) {
      throw new Error(
        `projection ${this.name} failed on ${refusal.type} at position ${refusal.position} (stream ${refusal.streamId}): ${refusal.reason}`,
      );
    }
  }
}

/** Every row of a deleted rehearsal's prepayments and orders (of those in `share`, if given). */
async function deleteRehearsal(campaignId: string, sql: Sql, share: StreamShare | undefined): Promise<void> {
  const inShare = inStreamShare('prepayment_id', share);
  await sql.query(
    `DELETE FROM prepayment_redemptions
     WHERE prepayment_id IN (SELECT prepayment_id FROM prepayment_balances WHERE campaign_id = $1 AND ${inShare})`,
    [campaignId],
  );
  await sql.query(`DELETE FROM prepayment_balances WHERE campaign_id = $1 AND ${inShare}`, [campaignId]);
  await sql.query(`DELETE FROM prepayment_orders WHERE campaign_id = $1 AND ${inShare}`, [campaignId]);
}
