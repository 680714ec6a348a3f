import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type GlobalCheckpoint, inTransaction, readCheckpoint, Subscriptions } from '@goodpay/event-store';
import { krwFigure, type KrwFigure } from '@goodpay/shared';
import { PREPAYMENT_BALANCES } from '../projections/prepayment-balances.projection';

export type InvariantViolationKind =
  /** The log has the prepayment, the projection does not. */
  | 'missing_in_projection'
  /** The projection has a prepayment the log never made. */
  | 'unknown_to_log'
  | 'amount_mismatch'
  | 'redeemed_mismatch'
  | 'refunded_mismatch'
  | 'balance_mismatch'
  | 'status_mismatch'
  /** The projection's standing (not cancelled) redemptions do not add up to what the log says is redeemed. */
  | 'redemptions_mismatch'
  /** A balance below zero: in the log at any point of the prepayment's history (actual = the lowest), or projected. */
  | 'negative_balance'
  /** The sum of projected balances is not prepaid - redeemed - refunded from the log (prepaymentId null). */
  | 'totals_mismatch';

export interface InvariantViolation {
  prepaymentId: string | null;
  kind: InvariantViolationKind;
  /** What the log gives (for statuses, a status; null when the log has nothing). */
  expected: KrwFigure | string | null;
  /** What the projection holds (null when it has nothing). */
  actual: KrwFigure | string | null;
}

export interface InvariantReport {
  ok: boolean;
  projection: typeof PREPAYMENT_BALANCES;
  /** The projection's checkpoint: both sides were computed over exactly the events up to it. */
  checkedUpTo: GlobalCheckpoint;
  /** Prepayments made in the log up to the checkpoint. */
  checkedPrepayments: number;
  /** prepaid, redeemed (net of cancellations) and refunded from the log; balance is the sum of the projected balances. */
  totals: { prepaid: KrwFigure; redeemed: KrwFigure; refunded: KrwFigure; balance: KrwFigure };
  violations: InvariantViolation[];
  /** More prepayments disagree than `maxViolations` allowed listing. */
  truncated: boolean;
}

export interface InvariantCheckOptions {
  /**
   * Catch the projection up with everything committed before the call, then check (what the
   * CLI does by default). Not needed for correctness: the check always compares at the
   * projection's checkpoint; this only decides how recent the checked state is.
   */
  catchUp?: boolean;
  /** First wait (up to 5 s) until the projection has applied the event at this position (a command's answer). */
  afterPosition?: string;
  /** How many disagreeing prepayments to list at most. Default 1000. */
  maxViolations?: number;
}

const PREPAYMENT_EVENTS = ['PrepaymentMade', 'PrepaymentRedeemed', 'RedemptionCancelled', 'RefundRequested', 'PrepaymentRefunded'];

/**
 * One pass over the log (up to the checkpoint), folded per prepayment in SQL exactly as
 * evolvePrepayment folds it: amount made, redeemed net of cancellations, refunded, the status
 * those give, and the lowest balance the prepayment ever had (a running sum in stream order).
 * Compared row by row with prepayment_balances (FULL JOIN: missing rows on either side count),
 * and summed for the totals, in the same statement.
 */
const CHECK_SQL = `
  WITH rehearsals AS (
    -- Rehearsal campaigns are never in the real figures (and a deleted one's rows are gone).
    SELECT data->>'campaignId' AS campaign_id FROM events WHERE type = 'CampaignCreated' AND data ? 'rehearsal'
  ),
  rehearsal_prepayments AS (
    SELECT data->>'prepaymentId' AS prepayment_id FROM events
    WHERE type = 'PrepaymentMade' AND data->>'campaignId' IN (SELECT campaign_id FROM rehearsals)
  ),
  real_balances AS (
    SELECT * FROM prepayment_balances WHERE campaign_id NOT IN (SELECT campaign_id FROM rehearsals)
  ),
  log_events AS (
    SELECT e.data->>'prepaymentId' AS prepayment_id, e.type, e.stream_version,
           (e.data->>'amount')::bigint AS amount,
           CASE e.type
             WHEN 'PrepaymentMade' THEN (e.data->>'amount')::bigint
             WHEN 'PrepaymentRedeemed' THEN -(e.data->>'amount')::bigint
             WHEN 'RedemptionCancelled' THEN (e.data->>'amount')::bigint
             WHEN 'PrepaymentRefunded' THEN -(e.data->>'amount')::bigint
             ELSE 0
           END AS delta
    FROM events e
    WHERE e.type = ANY($3::text[])
      AND (e.transaction_id, e.global_position) <= ($1::xid8, $2::bigint)
      AND e.data->>'prepaymentId' NOT IN (SELECT prepayment_id FROM rehearsal_prepayments)
  ),
  running AS (
    SELECT *, sum(delta) OVER (PARTITION BY prepayment_id ORDER BY stream_version) AS balance_after
    FROM log_events
  ),
  log AS (
    SELECT prepayment_id,
           sum(amount) FILTER (WHERE type = 'PrepaymentMade') AS amount,
           coalesce(sum(amount) FILTER (WHERE type = 'PrepaymentRedeemed'), 0)
             - coalesce(sum(amount) FILTER (WHERE type = 'RedemptionCancelled'), 0) AS redeemed,
           coalesce(sum(amount) FILTER (WHERE type = 'PrepaymentRefunded'), 0) AS refunded,
           bool_or(type = 'RefundRequested') AS refund_requested,
           min(balance_after) AS lowest_balance
    FROM running GROUP BY prepayment_id
  ),
  expected AS (
    SELECT *, amount - redeemed - refunded AS balance,
           CASE WHEN refunded > 0 THEN 'refunded'
                WHEN refund_requested THEN 'refund_requested'
                WHEN amount - redeemed - refunded = 0 THEN 'exhausted'
                ELSE 'active' END AS status
    FROM log
  ),
  standing AS (
    SELECT prepayment_id, sum(amount) AS redeemed
    FROM prepayment_redemptions WHERE cancelled_at IS NULL GROUP BY prepayment_id
  ),
  compared AS (
    SELECT coalesce(x.prepayment_id, p.prepayment_id) AS prepayment_id,
           x.prepayment_id IS NOT NULL AND x.amount IS NOT NULL AS in_log,
           p.prepayment_id IS NOT NULL AS in_projection,
           x.amount::text AS log_amount, x.redeemed::text AS log_redeemed, x.refunded::text AS log_refunded,
           x.balance::text AS log_balance, x.status AS log_status, x.lowest_balance::text AS log_lowest_balance,
           p.amount::text AS amount, p.redeemed::text AS redeemed, p.refunded::text AS refunded,
           p.balance::text AS balance, p.status AS status,
           coalesce(r.redeemed, 0)::text AS standing_redemptions
    FROM expected x FULL JOIN real_balances p ON p.prepayment_id = x.prepayment_id
    LEFT JOIN standing r ON r.prepayment_id = p.prepayment_id
    WHERE x.prepayment_id IS NULL OR p.prepayment_id IS NULL OR x.amount IS NULL
       OR x.amount <> p.amount OR x.redeemed <> p.redeemed OR x.refunded <> p.refunded
       OR x.balance <> p.balance OR x.status <> p.status
       OR x.redeemed <> coalesce(r.redeemed, 0)
       OR x.lowest_balance < 0 OR p.balance < 0
  )
  SELECT
    (SELECT count(*) FROM log WHERE amount IS NOT NULL)::int AS prepayments,
    (SELECT coalesce(sum(amount), 0) FROM log)::text AS prepaid,
    (SELECT coalesce(sum(redeemed), 0) FROM log)::text AS redeemed,
    (SELECT coalesce(sum(refunded), 0) FROM log)::text AS refunded,
    (SELECT coalesce(sum(balance), 0) FROM real_balances)::text AS projected_balance,
    (SELECT count(*) FROM compared)::int AS disagreeing,
    (SELECT coalesce(json_agg(c ORDER BY c.prepayment_id), '[]'::json)
       FROM (SELECT * FROM compared ORDER BY prepayment_id LIMIT $4) c) AS rows`;

interface ComparedRow {
  prepayment_id: string;
  in_log: boolean;
  in_projection: boolean;
  log_amount: string | null;
  log_redeemed: string | null;
  log_refunded: string | null;
  log_balance: string | null;
  log_status: string | null;
  log_lowest_balance: string | null;
  amount: string | null;
  redeemed: string | null;
  refunded: string | null;
  balance: string | null;
  status: string | null;
  standing_redemptions: string;
}

interface CheckRow {
  prepayments: number;
  prepaid: string;
  redeemed: string;
  refunded: string;
  projected_balance: string;
  disagreeing: number;
  rows: ComparedRow[];
}

const money = (value: string | null): KrwFigure | null => (value === null ? null : krwFigure(value));

function violationsOf(row: ComparedRow): InvariantViolation[] {
  const prepaymentId = row.prepayment_id;
  if (!row.in_projection) return [{ prepaymentId, kind: 'missing_in_projection', expected: money(row.log_balance), actual: null }];
  if (!row.in_log) return [{ prepaymentId, kind: 'unknown_to_log', expected: null, actual: money(row.balance) }];
  const found: InvariantViolation[] = [];
  const compare = (kind: InvariantViolationKind, expected: string | null, actual: string | null, asMoney = true) => {
    if (expected !== actual) {
      found.push({ prepaymentId, kind, expected: asMoney ? money(expected) : expected, actual: asMoney ? money(actual) : actual });
    }
  };
  compare('amount_mismatch', row.log_amount, row.amount);
  compare('redeemed_mismatch', row.log_redeemed, row.redeemed);
  compare('refunded_mismatch', row.log_refunded, row.refunded);
  compare('balance_mismatch', row.log_balance, row.balance);
  compare('status_mismatch', row.log_status, row.status, false);
  compare('redemptions_mismatch', row.log_redeemed, row.standing_redemptions);
  const lowest = money(row.log_lowest_balance);
  if (lowest !== null && lowest < 0n) found.push({ prepaymentId, kind: 'negative_balance', expected: 0n, actual: lowest });
  const projected = money(row.balance);
  if (projected !== null && projected < 0n) found.push({ prepaymentId, kind: 'negative_balance', expected: 0n, actual: projected });
  return found;
}

/**
 * Issue 3, item 9: every projected balance equals what the log gives, the balances add up to
 * prepaid - redeemed - refunded, and no balance is (or ever was) negative.
 *
 * Which events are compared: exactly those the projection has applied. In one REPEATABLE READ
 * snapshot it reads the projection's checkpoint, then folds the log only up to that checkpoint
 * in the gap-safe order, and reads the projection's rows. The rows and the checkpoint commit
 * together, so in one snapshot they agree with each other; every event at or below the
 * checkpoint is committed and visible (the projection read below the transaction horizon). So
 * the check is exact while workers keep projecting and commands keep appending: no false alarm
 * from an event the projection has simply not reached yet, and nothing to stop. `catchUp` only
 * decides how recent the checked state is.
 */
@Injectable()
export class PrepaymentInvariants {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: Subscriptions,
  ) {}

  async check(options: InvariantCheckOptions = {}): Promise<InvariantReport> {
    if (options.catchUp) await this.subscriptions.catchUpCompletely(PREPAYMENT_BALANCES);
    if (options.afterPosition !== undefined) await this.subscriptions.waitFor(PREPAYMENT_BALANCES, options.afterPosition);
    const maxViolations = options.maxViolations ?? 1000;
    return inTransaction(this.dataSource, async (sql) => {
      // The first statement of the transaction, so the snapshot is the one everything below sees.
      // Read-only: it takes no transaction id, so it never holds back the projections' horizon.
      await sql.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const checkpoint = await readCheckpoint(sql, PREPAYMENT_BALANCES);
      const { rows } = await sql.query<CheckRow>(CHECK_SQL, [
        checkpoint.transactionId,
        checkpoint.position,
        PREPAYMENT_EVENTS,
        maxViolations,
      ]);
      const result = rows[0];
      const totals = {
        prepaid: krwFigure(result.prepaid),
        redeemed: krwFigure(result.redeemed),
        refunded: krwFigure(result.refunded),
        balance: krwFigure(result.projected_balance),
      };
      const violations = result.rows.flatMap(violationsOf);
      const expectedBalance = totals.prepaid - totals.redeemed - totals.refunded;
      if (totals.balance !== expectedBalance) {
        violations.push({ prepaymentId: null, kind: 'totals_mismatch', expected: expectedBalance, actual: totals.balance });
      }
      return {
        ok: violations.length === 0,
        projection: PREPAYMENT_BALANCES,
        checkedUpTo: checkpoint,
        checkedPrepayments: result.prepayments,
        totals,
        violations,
        truncated: result.disagreeing > result.rows.length,
      };
    });
  }
}
