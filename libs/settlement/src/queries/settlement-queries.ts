import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { calendarDate, type CalendarDate } from '@goodpay/shared';
import { type Sql, readSqlOn, Subscriptions } from '@goodpay/event-store';
import { type Actor, InvalidInputError, krwFigure, NotFoundError } from '@goodpay/shared';
import { SETTLEMENT_LEDGER } from '../ledger/settlement-ledger.projection';
import type { PayoutStatus } from '../payout/decider';
import { unreconciled } from '../settlement/figures';
import type {
  PayoutView,
  Reconciliation,
  ReconciliationFigures,
  ReconciliationLine,
  SettlementPage,
  SettlementStatement,
  SettlementView,
  StatementItem,
} from './views';

type Bigint = string;

interface SettlementRow {
  settlement_id: string;
  rehearsal_campaign_id: string | null;
  merchant_id: string;
  merchant_name: string | null;
  merchant_owner_id: string | null;
  day: string;
  item_count: number;
  collected: Bigint;
  refunded: Bigint;
  fee_basis_points: number;
  fee: Bigint;
  pledge: Bigint;
  carried_in: Bigint;
  payout: Bigint;
  carried_out: Bigint;
  closed_at: Date;
  payout_status: PayoutStatus | null;
}

const SETTLEMENT_COLUMNS = `s.settlement_id::text AS settlement_id, s.merchant_id, m.name AS merchant_name, m.owner_id AS merchant_owner_id,
  s.day::text AS day, s.item_count, s.collected::text AS collected, s.refunded::text AS refunded, s.fee_basis_points,
  s.fee::text AS fee, s.pledge::text AS pledge, s.carried_in::text AS carried_in, s.payout::text AS payout,
  s.carried_out::text AS carried_out, s.closed_at, p.status AS payout_status, s.rehearsal_campaign_id`;
const SETTLEMENTS_FROM = `settlements s
  LEFT JOIN settlement_merchants m ON m.merchant_id = s.merchant_id
  LEFT JOIN payouts p ON p.settlement_id = s.settlement_id`;

const toSettlement = (row: SettlementRow): SettlementView => ({
  settlementId: row.settlement_id,
  rehearsalCampaignId: row.rehearsal_campaign_id,
  isRehearsal: row.rehearsal_campaign_id !== null,
  merchantId: row.merchant_id,
  merchantName: row.merchant_name,
  day: row.day,
  itemCount: Number(row.item_count),
  collected: krwFigure(row.collected),
  refunded: krwFigure(row.refunded),
  feeBasisPoints: Number(row.fee_basis_points),
  fee: krwFigure(row.fee),
  pledge: krwFigure(row.pledge),
  carriedIn: krwFigure(row.carried_in),
  payout: krwFigure(row.payout),
  carriedOut: krwFigure(row.carried_out),
  closedAt: row.closed_at.toISOString(),
  payoutStatus: row.payout_status,
});

interface PayoutRow {
  settlement_id: string;
  merchant_id: string;
  merchant_name: string | null;
  amount: Bigint;
  status: PayoutStatus;
  round: number;
  failed_attempts: number;
  last_error: string | null;
  transfer_id: string | null;
  scheduled_at: Date;
  paid_at: Date | null;
  updated_at: Date;
}

const PAYOUT_COLUMNS = `p.settlement_id::text AS settlement_id, p.merchant_id, m.name AS merchant_name, p.amount::text AS amount, p.status,
  p.round, p.failed_attempts, p.last_error, p.transfer_id, p.scheduled_at, p.paid_at, p.updated_at`;

const toPayout = (row: PayoutRow): PayoutView => ({
  settlementId: row.settlement_id,
  merchantId: row.merchant_id,
  merchantName: row.merchant_name,
  amount: krwFigure(row.amount),
  status: row.status,
  round: Number(row.round),
  failedAttempts: Number(row.failed_attempts),
  lastError: row.last_error,
  transferId: row.transfer_id,
  scheduledAt: row.scheduled_at.toISOString(),
  paidAt: row.paid_at?.toISOString() ?? null,
  updatedAt: row.updated_at.toISOString(),
});

export const PAYOUT_STATUSES: PayoutStatus[] = ['scheduled', 'failed', 'retried', 'paid'];

export interface SettlementFilter {
  merchantId?: string;
  /** One rehearsal's settlements (computed, never paid out); the real ones when left out. */
  rehearsalCampaignId?: string;
  from?: CalendarDate;
  to?: CalendarDate;
  limit?: number;
  offset?: number;
}

/**
 * Statements, payouts and the daily reconciliation, from the settlement-ledger projection.
 * Each read takes an optional `afterPosition` (a command's answer) and first waits until the
 * ledger has applied it, so a client reads its own write.
 */
@Injectable()
export class SettlementQueries {
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly subscriptions: Subscriptions,
  ) {
    this.sql = readSqlOn(dataSource);
  }

  /** Newest first. A merchant sees the shops it runs only; staff see every shop. */
  async listSettlements(viewer: Actor, filter: SettlementFilter = {}, afterPosition?: string): Promise<SettlementPage> {
    const from = filter.from === undefined ? null : calendarDate(filter.from, 'from');
    const to = filter.to === undefined ? null : calendarDate(filter.to, 'to');
    if (from !== null && to !== null && from > to)
      throw new InvalidInputError('from must not be after to', { from, to }, 'invalid_date_range');
    const limit = filter.limit ?? 50;
    const offset = filter.offset ?? 0;
    await this.waitFor(afterPosition);
    const ownerId = viewer.role === 'staff' ? null : viewer.id;
    const where = `($1::text IS NULL OR m.owner_id = $1) AND ($2::text IS NULL OR s.merchant_id = $2)
      AND ($3::date IS NULL OR s.day >= $3) AND ($4::date IS NULL OR s.day <= $4)
      AND s.rehearsal_campaign_id IS NOT DISTINCT FROM $7::text`;
    const params = [ownerId, filter.merchantId ?? null, from, to];
    const scope = filter.rehearsalCampaignId ?? null;
    const [page, count] = await Promise.all([
      this.sql.query<SettlementRow>(
        `SELECT ${SETTLEMENT_COLUMNS} FROM ${SETTLEMENTS_FROM} WHERE ${where}
         ORDER BY s.day DESC, s.merchant_id LIMIT $5 OFFSET $6`,
        [...params, limit, offset, scope],
      ),
      this.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SETTLEMENTS_FROM} WHERE ${where.replace('$7', '$5')}`, [
        ...params,
        scope,
      ]),
    ]);
    return { items: page.rows.map(toSettlement), total: count.rows[0].n, limit, offset };
  }

  /** One settlement with its prepayments and refunds and its payout, or settlement_not_found. */
  async statement(settlementId: string, afterPosition?: string): Promise<SettlementStatement> {
    await this.waitFor(afterPosition);
    const { rows } = await this.sql.query<SettlementRow>(
      `SELECT ${SETTLEMENT_COLUMNS} FROM ${SETTLEMENTS_FROM} WHERE s.settlement_id = $1`,
      [settlementId],
    );
    if (!rows[0]) throw new NotFoundError('settlement', settlementId);
    const [items, payout] = await Promise.all([
      this.sql.query<{
        item_id: string;
        kind: StatementItem['kind'];
        prepayment_id: string;
        amount: Bigint;
        occurred_at: Date;
        day: string;
      }>(
        `SELECT item_id, kind, prepayment_id, amount::text AS amount, occurred_at, day::text AS day
         FROM settlement_items WHERE settlement_id = $1 ORDER BY occurred_at, item_id`,
        [settlementId],
      ),
      this.sql.query<PayoutRow>(
        `SELECT ${PAYOUT_COLUMNS} FROM payouts p LEFT JOIN settlement_merchants m ON m.merchant_id = p.merchant_id WHERE p.settlement_id = $1`,
        [settlementId],
      ),
    ]);
    return {
      ...toSettlement(rows[0]),
      merchantOwnerId: rows[0].merchant_owner_id,
      items: items.rows.map((row) => ({
        itemId: row.item_id,
        kind: row.kind,
        prepaymentId: row.prepayment_id,
        amount: krwFigure(row.amount),
        occurredAt: row.occurred_at.toISOString(),
        day: row.day,
      })),
      payoutDetail: payout.rows[0] ? toPayout(payout.rows[0]) : null,
    };
  }

  /** Payouts, those still needing attention first (failed, then being attempted, then paid). */
  /** Payouts exist for real settlements only: a rehearsal's are never scheduled. */
  async payouts(status?: PayoutStatus, afterPosition?: string): Promise<PayoutView[]> {
    await this.waitFor(afterPosition);
    const { rows } = await this.sql.query<PayoutRow>(
      `SELECT ${PAYOUT_COLUMNS} FROM payouts p LEFT JOIN settlement_merchants m ON m.merchant_id = p.merchant_id
       WHERE $1::text IS NULL OR p.status = $1
       ORDER BY array_position(ARRAY['failed', 'retried', 'scheduled', 'paid'], p.status), p.updated_at DESC, p.settlement_id
       LIMIT 500`,
      [status ?? null],
    );
    return rows.map(toPayout);
  }

  /**
   * The day's settlements, each line's collected and refunded summed again from the items it
   * claimed, against where the money went: payout, fee, pledge (donation), refunds and the
   * deduction carried. Any difference is shown per line and in total.
   */
  async reconciliation(day: CalendarDate, afterPosition?: string, rehearsalCampaignId?: string): Promise<Reconciliation> {
    const date = calendarDate(day, 'day');
    await this.waitFor(afterPosition);
    const scope = rehearsalCampaignId ?? null;
    const [lines, unsettled, older] = await Promise.all([
      this.sql.query<SettlementRow & { items_collected: Bigint; items_refunded: Bigint }>(
        `SELECT ${SETTLEMENT_COLUMNS},
                coalesce(i.collected, 0)::text AS items_collected, coalesce(i.refunded, 0)::text AS items_refunded
         FROM ${SETTLEMENTS_FROM}
         LEFT JOIN (SELECT settlement_id,
                           sum(amount) FILTER (WHERE kind = 'collected') AS collected,
                           sum(amount) FILTER (WHERE kind = 'refunded') AS refunded
                    FROM settlement_items WHERE settlement_id IS NOT NULL GROUP BY settlement_id) i
           ON i.settlement_id = s.settlement_id
         WHERE s.day = $1 AND s.rehearsal_campaign_id IS NOT DISTINCT FROM $2::text ORDER BY s.merchant_id`,
        [date, scope],
      ),
      // That day's own items still unsettled (late ones go to the next settlement).
      this.sql.query<{ n: number; collected: Bigint; refunded: Bigint }>(
        `SELECT count(*)::int AS n,
                coalesce(sum(amount) FILTER (WHERE kind = 'collected'), 0)::text AS collected,
                coalesce(sum(amount) FILTER (WHERE kind = 'refunded'), 0)::text AS refunded
         FROM settlement_items WHERE settlement_id IS NULL AND day = $1 AND rehearsal_campaign_id IS NOT DISTINCT FROM $2::text`,
        [date, scope],
      ),
      // Older days' items still unsettled: listed apart, never mixed into the day's figures.
      this.sql.query<{ item_id: string; merchant_id: string; kind: 'collected' | 'refunded'; amount: Bigint; day: string }>(
        `SELECT item_id, merchant_id, kind, amount::text AS amount, day::text AS day
         FROM settlement_items WHERE settlement_id IS NULL AND day < $1 AND rehearsal_campaign_id IS NOT DISTINCT FROM $2::text
         ORDER BY day, merchant_id, item_id LIMIT ${OLDER_UNSETTLED_LISTED}`,
        [date, scope],
      ),
    ]);
    const reconciled: ReconciliationLine[] = lines.rows.map((row) => {
      const settlement = toSettlement(row);
      const figures = {
        collected: krwFigure(row.items_collected),
        refunded: krwFigure(row.items_refunded),
        fee: settlement.fee,
        pledge: settlement.pledge,
        carriedIn: settlement.carriedIn,
        carriedOut: settlement.carriedOut,
        payout: settlement.payout,
      };
      return {
        settlementId: settlement.settlementId,
        merchantId: settlement.merchantId,
        merchantName: settlement.merchantName,
        payoutStatus: settlement.payoutStatus,
        ...figures,
        paid: settlement.payoutStatus === 'paid' ? settlement.payout : 0n,
        difference: unreconciled(figures),
      };
    });
    const totals = sumFigures(reconciled);
    return {
      day: date,
      lines: reconciled,
      totals,
      balanced: reconciled.every((line) => line.difference === 0n),
      unsettled: {
        count: unsettled.rows[0].n,
        collected: krwFigure(unsettled.rows[0].collected),
        refunded: krwFigure(unsettled.rows[0].refunded),
      },
      olderUnsettled: older.rows.map((row) => ({
        itemId: row.item_id,
        merchantId: row.merchant_id,
        kind: row.kind,
        amount: krwFigure(row.amount),
        day: row.day,
      })),
      ...(rehearsalCampaignId ? { rehearsalCampaignId } : {}),
      isRehearsal: rehearsalCampaignId !== undefined,
    };
  }

  private async waitFor(afterPosition?: string): Promise<void> {
    if (afterPosition !== undefined) await this.subscriptions.waitFor(SETTLEMENT_LEDGER, afterPosition);
  }
}

/** How many older unsettled items a day's reconciliation lists at most. */
const OLDER_UNSETTLED_LISTED = 500;

const FIGURES: (keyof ReconciliationFigures)[] = [
  'collected',
  'refunded',
  'fee',
  'pledge',
  'carriedIn',
  'carriedOut',
  'payout',
  'paid',
  'difference',
];

function sumFigures(lines: readonly ReconciliationFigures[]): ReconciliationFigures {
  const totals = Object.fromEntries(FIGURES.map((key) => [key, 0n])) as unknown as ReconciliationFigures;
  for (const line of lines) for (const key of FIGURES) totals[key] += line[key];
  return totals;
}
