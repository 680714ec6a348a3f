import type { CampaignCreated, CampaignRehearsalDeleted } from '@goodpay/campaign';
import { seoulDate } from '@goodpay/shared';
import { applyInRuns, exactly, type Projection, type ProjectedOf, type Sql } from '@goodpay/event-store';
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

export const MERCHANT_LEDGER_TABLES = [
  'merchant_ledger_days',
  'merchant_ledger_redemptions',
  'merchant_ledger_merchants',
  'merchant_ledger_rehearsals',
  'merchant_ledger_rehearsal_prepayments',
] as const;

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
  | PrepaymentMade
  | PrepaymentRedeemed
  | RedemptionCancelled
  | PrepaymentRefunded
  | MerchantRegistered
  | StatusEvent
  | DonationPledgeSet
  | CampaignCreated
  | CampaignRehearsalDeleted;

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
 *
 * A rehearsal's sales are never in a shop's figures: the rehearsal campaigns are noted from the
 * campaign events (`merchant_ledger_rehearsals`), each of their prepayments when it is made
 * (`merchant_ledger_rehearsal_prepayments`: its redemptions and refunds carry no campaign), and
 * their money events are passed over. Both notes go with a deleted rehearsal.
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
    'CampaignCreated',
    'CampaignRehearsalDeleted',
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
      (event) => this.applyLifecycle(event, sql),
    );
  }

  readonly tables = MERCHANT_LEDGER_TABLES;

  private async applyMoney(run: readonly ProjectedOf<MoneyEvent>[], sql: Sql): Promise<void> {
    const rehearsed = await noteRehearsalPrepayments(run, sql);
    const events = rehearsed.size === 0 ? run : run.filter((event) => !rehearsed.has(event.data.prepaymentId));
    const days = new DayChanges();
    const redeemed: PrepaymentRedeemed['data'][] = [];
    /** Each redemption's Seoul day, beside it: worked out once. */
    const redeemedOn: string[] = [];
    const cancelled: RedemptionCancelled['data'][] = [];
    for (const { type, data } of events) {
      if (type === 'PrepaymentMade') days.add(data.merchantId, seoulDate(data.paidAt), { prepaid_amount: data.amount, prepaid_count: 1 });
      else if (type === 'PrepaymentRefunded')
        days.add(data.merchantId, seoulDate(data.refundedAt), { refunded_amount: data.amount, refund_count: 1 });
      else if (type === 'PrepaymentRedeemed') {
        const day = seoulDate(data.redeemedAt);
        redeemed.push(data);
        redeemedOn.push(day);
        days.add(data.merchantId, day, { redeemed_amount: data.amount, redemption_count: 1 });
      } else cancelled.push(data);
    }
    if (redeemed.length > 0) {
      await sql.query(
        `INSERT INTO merchant_ledger_redemptions (prepayment_id, redemption_id, merchant_id, day, amount)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bigint[])`,
        [
          redeemed.map((r) => r.prepaymentId),
          redeemed.map((r) => r.redemptionId),
          redeemed.map((r) => r.merchantId),
          redeemedOn,
          redeemed.map((r) => String(r.amount)),
        ],
      );
    }
    // A cancellation is taken off the day of its redemption, found in the ledger's own notes
    // (those of this batch are in by now): each exactly once, for the amount redeemed.
    if (cancelled.length > 0) {
      const { rows } = await sql.query<{ prepayment_id: string; redemption_id: string; merchant_id: string; day: string; amount: string }>(
        `UPDATE merchant_ledger_redemptions r SET cancelled = true
         FROM unnest($1::text[], $2::text[]) AS c(prepayment_id, redemption_id)
         WHERE r.prepayment_id = c.prepayment_id AND r.redemption_id = c.redemption_id AND NOT r.cancelled
         RETURNING r.prepayment_id, r.redemption_id, r.merchant_id, r.day::text AS day, r.amount::text AS amount`,
        [cancelled.map((c) => c.prepaymentId), cancelled.map((c) => c.redemptionId)],
      );
      const found = new Map(rows.map((row) => [`${row.prepayment_id}/${row.redemption_id}`, row]));
      if (rows.length !== cancelled.length) {
        const missing = cancelled.find((c) => !found.has(`${c.prepaymentId}/${c.redemptionId}`)) ?? cancelled[0];
        throw new Error(
          `read model out of step with the log: cancellation of redemption ${missing.redemptionId} found no redemption to cancel`,
        );
      }
      for (const cancellation of cancelled) {
        const redemption = found.get(`${cancellation.prepaymentId}/${cancellation.redemptionId}`)!;
        if (BigInt(redemption.amount) !== BigInt(cancellation.amount)) {
          throw new Error(
            `redemption ${cancellation.redemptionId} was of ${redemption.amount} won, its cancellation of ${cancellation.amount}`,
          );
        }
        days.add(redemption.merchant_id, redemption.day, { redeemed_amount: -cancellation.amount, redemption_count: -1 });
      }
    }
    await days.write(sql);
  }

  private async applyLifecycle(event: ProjectedOf<LifecycleEvent>, sql: Sql): Promise<void> {
    switch (event.type) {
      case 'CampaignCreated':
        if (event.data.rehearsal)
          await sql.query(`INSERT INTO merchant_ledger_rehearsals (campaign_id) VALUES ($1)`, [event.data.campaignId]);
        return;
      case 'CampaignRehearsalDeleted':
        // Its sales were never in the figures: only the notes go (its events stay in the log).
        await sql.query(`DELETE FROM merchant_ledger_rehearsal_prepayments WHERE campaign_id = $1`, [event.data.campaignId]);
        await sql.query(`DELETE FROM merchant_ledger_rehearsals WHERE campaign_id = $1`, [event.data.campaignId]);
        return;
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
}

type MoneyEvent = PrepaymentMade | PrepaymentRedeemed | RedemptionCancelled | PrepaymentRefunded;
type LifecycleEvent = Exclude<Handled, MoneyEvent>;
const MONEY_EVENTS: ReadonlySet<string> = new Set<MoneyEvent['type']>([
  'PrepaymentMade',
  'PrepaymentRedeemed',
  'RedemptionCancelled',
  'PrepaymentRefunded',
]);
const isMoneyEvent = (event: ProjectedOf<Handled>): event is ProjectedOf<MoneyEvent> => MONEY_EVENTS.has(event.type);

/**
 * The run's prepayments that are a rehearsal's: those made now in a rehearsal campaign (noted
 * here) and those noted before. One statement whatever the run's size: the notes it writes are
 * not seen by its own read of the notes, so it returns them itself.
 */
async function noteRehearsalPrepayments(run: readonly ProjectedOf<MoneyEvent>[], sql: Sql): Promise<Set<string>> {
  const made = run.flatMap((event) => (event.type === 'PrepaymentMade' ? [event.data] : []));
  const later = [...new Set(run.filter((event) => event.type !== 'PrepaymentMade').map((event) => event.data.prepaymentId))];
  const { rows } = await sql.query<{ prepayment_id: string }>(
    `WITH noted AS (
       INSERT INTO merchant_ledger_rehearsal_prepayments (prepayment_id, campaign_id)
       SELECT m.prepayment_id, m.campaign_id
       FROM unnest($1::text[], $2::text[]) AS m(prepayment_id, campaign_id)
       WHERE m.campaign_id IN (SELECT campaign_id FROM merchant_ledger_rehearsals)
       RETURNING prepayment_id
     )
     SELECT prepayment_id FROM noted
     UNION ALL
     SELECT prepayment_id FROM merchant_ledger_rehearsal_prepayments WHERE prepayment_id = ANY($3::text[])`,
    [made.map((m) => m.prepaymentId), made.map((m) => m.campaignId), later],
  );
  return new Set(rows.map((row) => row.prepayment_id));
}

/**
 * A batch's changes to merchants' days, summed per (merchant, day) in exact integers. Written in
 * two statements: the additions as one upsert, then what is taken off (cancellations) as one
 * update of days that must exist by then: an upsert would CHECK a negative would-be new row
 * before finding the conflict.
 */
class DayChanges {
  /** Additions and what is taken off, apart: a day a batch both adds to and takes off from is still created, as event by event. */
  private readonly changes = new Map<string, { merchantId: string; day: string; added: bigint[]; takenOff: bigint[] }>();

  add(merchantId: string, day: string, change: Partial<Record<LedgerColumn, number>>): void {
    const key = `${merchantId}/${day}`;
    let entry = this.changes.get(key);
    if (entry === undefined) {
      entry = { merchantId, day, added: LEDGER_COLUMNS.map(() => 0n), takenOff: LEDGER_COLUMNS.map(() => 0n) };
      this.changes.set(key, entry);
    }
    // Only the columns the change names: once per money event of a backlog.
    for (const column in change) {
      const i = COLUMN_INDEX[column as LedgerColumn];
      const value = BigInt(change[column as LedgerColumn]!);
      if (value > 0n) entry.added[i] += value;
      else entry.takenOff[i] += value;
    }
  }

  async write(sql: Sql): Promise<void> {
    const entries = [...this.changes.values()];
    const part = (which: 'added' | 'takenOff') =>
      entries.map((entry) => ({ ...entry, values: entry[which] })).filter((entry) => entry.values.some((v) => v !== 0n));
    const columns = (rows: { values: bigint[] }[]) => LEDGER_COLUMNS.map((_, i) => rows.map((row) => String(row.values[i])));
    const unnest = `unnest($1::text[], $2::date[], ${LEDGER_COLUMNS.map((_, i) => `$${i + 3}::bigint[]`).join(', ')})`;
    const added = part('added');
    if (added.length > 0) {
      await sql.query(
        `INSERT INTO merchant_ledger_days AS d (merchant_id, day, ${LEDGER_COLUMNS.join(', ')})
         SELECT * FROM ${unnest}
         ON CONFLICT (merchant_id, day) DO UPDATE SET
           ${LEDGER_COLUMNS.map((column) => `${column} = d.${column} + EXCLUDED.${column}`).join(', ')}`,
        [added.map((row) => row.merchantId), added.map((row) => row.day), ...columns(added)],
      );
    }
    const takenOff = part('takenOff');
    if (takenOff.length > 0) {
      await exactly(
        sql,
        takenOff.length,
        `ledger days taken off (${takenOff.map((row) => `${row.merchantId} ${row.day}`).join(', ')})`,
        `UPDATE merchant_ledger_days d SET ${LEDGER_COLUMNS.map((column) => `${column} = d.${column} + x.${column}`).join(', ')}
         FROM ${unnest} AS x(merchant_id, day, ${LEDGER_COLUMNS.join(', ')})
         WHERE d.merchant_id = x.merchant_id AND d.day = x.day`,
        [takenOff.map((row) => row.merchantId), takenOff.map((row) => row.day), ...columns(takenOff)],
      );
    }
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
const COLUMN_INDEX = Object.fromEntries(LEDGER_COLUMNS.map((column, i) => [column, i])) as Record<LedgerColumn, number>;
