import { seoulDate } from '@goodpay/shared';
import { applyEach, exactly, type Projection, type RecordedOf, type Sql } from '@goodpay/event-store';
import type {
  DonationPledgeSet,
  MerchantApproved,
  MerchantClosed,
  MerchantRegistered,
  MerchantRejected,
  MerchantReinstated,
  MerchantSuspended,
} from '@goodpay/merchant';
import type { PrepaymentMade, PrepaymentRedeemed, PrepaymentRefunded, RedemptionCancelled } from '../prepayment/events';

export const MERCHANT_LEDGER = 'merchant-ledger';

export const MERCHANT_LEDGER_TABLES = ['merchant_ledger_days', 'merchant_ledger_redemptions', 'merchant_ledger_merchants'] as const;

/** The merchant's status after each of its lifecycle events (as evolveMerchant has it). */
const STATUS_AFTER = {
  MerchantApproved: 'approved',
  MerchantReinstated: 'approved',
  MerchantRejected: 'rejected',
  MerchantSuspended: 'suspended',
  MerchantClosed: 'closed',
} as const;

type StatusEvent = MerchantApproved | MerchantReinstated | MerchantRejected | MerchantSuspended | MerchantClosed;

type Handled =
  PrepaymentMade | PrepaymentRedeemed | RedemptionCancelled | PrepaymentRefunded | MerchantRegistered | StatusEvent | DonationPledgeSet;

const statusEventTime = (event: StatusEvent): string => {
  switch (event.type) {
    case 'MerchantApproved':
      return event.data.approvedAt;
    case 'MerchantReinstated':
      return event.data.reinstatedAt;
    case 'MerchantRejected':
      return event.data.rejectedAt;
    case 'MerchantSuspended':
      return event.data.suspendedAt;
    case 'MerchantClosed':
      return event.data.closedAt;
  }
};

/**
 * A merchant's ledger by Seoul day: what was prepaid (amount, count), redeemed (net of
 * cancellations) and refunded. A redemption counts on the Seoul day it was made (23:30 UTC is
 * the next morning in Seoul); its cancellation is taken off that same day, found through the
 * ledger's own note of each redemption (`merchant_ledger_redemptions`), not through another
 * projection's tables. A refund counts on the day it was paid out.
 *
 * The outstanding liability is not kept here: it is the sum of the merchant's balances in
 * prepayment-balances, its one source. The merchant's name, category, district and status come
 * from the merchant events (`merchant_ledger_merchants`).
 */
export class MerchantLedgerProjection implements Projection<Handled> {
  readonly name = MERCHANT_LEDGER;
  readonly eventTypes: readonly Handled['type'][] = [
    'PrepaymentMade',
    'PrepaymentRedeemed',
    'RedemptionCancelled',
    'PrepaymentRefunded',
    'MerchantRegistered',
    'MerchantApproved',
    'MerchantReinstated',
    'MerchantRejected',
    'MerchantSuspended',
    'MerchantClosed',
    'DonationPledgeSet',
  ];

  async apply(events: readonly RecordedOf<Handled>[], sql: Sql): Promise<void> {
    await applyEach(this.name, events, (event) => this.applyOne(event, sql));
  }

  readonly tables = MERCHANT_LEDGER_TABLES;

  private async applyOne(event: RecordedOf<Handled>, sql: Sql): Promise<void> {
    switch (event.type) {
      case 'PrepaymentMade': {
        const { data } = event;
        await this.addToDay(sql, data.merchantId, seoulDate(data.paidAt), { prepaid_amount: data.amount, prepaid_count: 1 });
        return;
      }
      case 'PrepaymentRedeemed': {
        const { data } = event;
        const day = seoulDate(data.redeemedAt);
        await sql.query(
          `INSERT INTO merchant_ledger_redemptions (prepayment_id, redemption_id, merchant_id, day, amount)
           VALUES ($1, $2, $3, $4, $5)`,
          [data.prepaymentId, data.redemptionId, data.merchantId, day, data.amount],
        );
        await this.addToDay(sql, data.merchantId, day, { redeemed_amount: data.amount, redemption_count: 1 });
        return;
      }
      case 'RedemptionCancelled': {
        const { data } = event;
        const [redemption] = await exactly(
          sql,
          1,
          `cancellation of redemption ${data.redemptionId}`,
          `UPDATE merchant_ledger_redemptions SET cancelled = true
           WHERE prepayment_id = $1 AND redemption_id = $2 AND NOT cancelled
           RETURNING merchant_id, day::text AS day, amount::text AS amount`,
          [data.prepaymentId, data.redemptionId],
        );
        if (Number(redemption.amount) !== data.amount) {
          throw new Error(`redemption ${data.redemptionId} was of ${String(redemption.amount)} won, its cancellation of ${data.amount}`);
        }
        await this.addToDay(sql, String(redemption.merchant_id), String(redemption.day), {
          redeemed_amount: -data.amount,
          redemption_count: -1,
        });
        return;
      }
      case 'PrepaymentRefunded': {
        const { data } = event;
        await this.addToDay(sql, data.merchantId, seoulDate(data.refundedAt), { refunded_amount: data.amount, refund_count: 1 });
        return;
      }
      case 'MerchantRegistered': {
        const { data } = event;
        await sql.query(
          `INSERT INTO merchant_ledger_merchants (merchant_id, owner_id, name, category, district, status, registered_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6)`,
          [data.merchantId, data.ownerId, data.name, data.category, data.district, data.registeredAt],
        );
        return;
      }
      case 'DonationPledgeSet': {
        const { data } = event;
        await exactly(
          sql,
          1,
          `pledge of merchant ${data.merchantId}`,
          `UPDATE merchant_ledger_merchants SET donation_pledge_basis_points = $2, updated_at = $3 WHERE merchant_id = $1`,
          [data.merchantId, data.basisPoints, data.setAt],
        );
        return;
      }
      default: {
        const statusEvent = event;
        await exactly(
          sql,
          1,
          `status of merchant ${statusEvent.data.merchantId}`,
          `UPDATE merchant_ledger_merchants SET status = $2, updated_at = $3 WHERE merchant_id = $1`,
          [statusEvent.data.merchantId, STATUS_AFTER[statusEvent.type], statusEventTime(statusEvent)],
        );
      }
    }
  }

  /**
   * Adds (or, for a cancellation, takes off) amounts and counts on one merchant's day. Taking
   * off is a plain UPDATE of a day that must exist: an upsert would CHECK the negative values of
   * its would-be new row before finding the conflict.
   */
  private async addToDay(sql: Sql, merchantId: string, day: string, change: Partial<Record<LedgerColumn, number>>): Promise<void> {
    const values = LEDGER_COLUMNS.map((column) => change[column] ?? 0);
    const params = LEDGER_COLUMNS.map((_, i) => `$${i + 3}`);
    if (values.some((value) => value < 0)) {
      await exactly(
        sql,
        1,
        `ledger day ${day} of merchant ${merchantId}`,
        `UPDATE merchant_ledger_days SET ${LEDGER_COLUMNS.map((column, i) => `${column} = ${column} + ${params[i]}`).join(', ')}
         WHERE merchant_id = $1 AND day = $2`,
        [merchantId, day, ...values],
      );
      return;
    }
    await sql.query(
      `INSERT INTO merchant_ledger_days AS d (merchant_id, day, ${LEDGER_COLUMNS.join(', ')})
       VALUES ($1, $2, ${params.join(', ')})
       ON CONFLICT (merchant_id, day) DO UPDATE SET
         ${LEDGER_COLUMNS.map((column) => `${column} = d.${column} + EXCLUDED.${column}`).join(', ')}`,
      [merchantId, day, ...values],
    );
  }
}

const LEDGER_COLUMNS = [
  'prepaid_amount',
  'prepaid_count',
  'redeemed_amount',
  'redemption_count',
  'refunded_amount',
  'refund_count',
] as const;
type LedgerColumn = (typeof LEDGER_COLUMNS)[number];
