import {
  type GlobalCheckpoint,
  inRange,
  inStreamShare,
  type LogRange,
  rangeParams,
  rangeStatementName,
  type Sql,
  type StreamShare,
} from '@goodpay/event-store';

/** The event a batch failed on, as the statement found it. */
export interface Refusal {
  type: string;
  position: string;
  streamId: string;
  reason: string;
}

/** The schema version of the balance events this SQL reads (see balancesSql's `ev`). */
export const BALANCE_SCHEMA_VERSION = 1;

/**
 * The balances of a range in one statement: every balance event of the range is read from the
 * log once (`ev`), folded per prepayment in log order over the stored row (`w`: running sums by
 * window), checked event by event as the table and the log demand (`checked`, `cancels`), and,
 * when no event fails, written: the new prepayments whole, the stored ones' summed changes, the
 * new redemptions with their cancellation, the cancellations of stored redemptions. The first
 * failing event (log order) is returned, and nothing is written. The table's constraints still
 * check every final row (a duplicate code, a redemption recorded twice).
 *
 * The checks, per event, as the decider's rules leave a balance:
 *   - made: not made before (stored or in the range), a whole amount;
 *   - any other: its prepayment made before it (stored, or earlier in the range);
 *   - cancelled: of an open redemption (earlier in the range, or stored and not cancelled),
 *     the same amount, once; a redemption recorded twice is refused by the table's key;
 *   - every move (redeemed, cancelled, refunded): whole amounts, a moment, a balance never
 *     negative, a refund of the whole balance with its moment, and the balance the event says
 *     it left (a refund leaves 0); a refund request: its moment, not after a refund.
 * Every moment is cast to timestamptz on the way in: an impossible one fails the statement.
 * Given a share of the streams, it reads only their events (a prepayment's stream is named by
 * its id, which its events and rows carry): every check is within one prepayment.
 */
const balancesSql = (range: LogRange, share: StreamShare | undefined): string => `
WITH ev AS MATERIALIZED (
  SELECT e.transaction_id AS tx, e.global_position AS pos, e.type, e.stream_id, e.schema_version,
         e.data->>'prepaymentId' AS prepayment_id,
         e.data->>'redemptionId' AS redemption_id,
         (e.data->'amount')::numeric AS amount,
         (e.data->'balanceAfter')::numeric AS balance_after,
         (e.data->>CASE e.type WHEN 'PrepaymentMade' THEN 'paidAt' WHEN 'PrepaymentRedeemed' THEN 'redeemedAt'
                    WHEN 'RedemptionCancelled' THEN 'cancelledAt' WHEN 'RefundRequested' THEN 'requestedAt'
                    ELSE 'refundedAt' END)::timestamptz AS at,
         CASE WHEN e.type = 'PrepaymentRedeemed' THEN e.data->>'merchantId' END AS merchant_id,
         CASE WHEN e.type IN ('PrepaymentMade', 'RefundRequested') THEN e.data END AS data
  FROM events e
  WHERE e.type IN ('PrepaymentMade', 'PrepaymentRedeemed', 'RedemptionCancelled', 'RefundRequested', 'PrepaymentRefunded')
    AND ${inRange(range)} AND ${inStreamShare(`e.data->>'prepaymentId'`, share)}
),
-- Plain joins, not probes: in a rebuild's bulk the copies have no keys yet and are hashed
-- whole, once a range; live, the planner probes the keys for the range's few prepayments.
stored AS MATERIALIZED (
  SELECT b.prepayment_id, b.amount, b.redeemed, b.refunded, b.refunded_at IS NOT NULL AS refunded_at_set
  FROM prepayment_balances b
  WHERE b.prepayment_id IN (SELECT prepayment_id FROM ev)
),
-- Only the columns the checks need go through the sort (the made events' data stays in ev).
w AS (
  SELECT ev.tx, ev.pos, ev.type, ev.stream_id, ev.schema_version, ev.prepayment_id, ev.amount, ev.balance_after, ev.at,
         s.prepayment_id IS NOT NULL AS is_stored,
         coalesce(s.amount, max(ev.amount) FILTER (WHERE ev.type = 'PrepaymentMade') OVER upto) AS base_amount,
         coalesce(s.redeemed, 0) AS base_redeemed,
         coalesce(s.refunded, 0) AS base_refunded,
         sum(CASE ev.type WHEN 'PrepaymentRedeemed' THEN ev.amount WHEN 'RedemptionCancelled' THEN -ev.amount ELSE 0 END) OVER upto AS redeemed,
         sum(CASE WHEN ev.type = 'PrepaymentRefunded' THEN ev.amount ELSE 0 END) OVER upto AS refunded,
         coalesce(s.refunded_at_set, false) OR bool_or(ev.type = 'PrepaymentRefunded' AND ev.at IS NOT NULL) OVER upto AS refunded_at_set,
         count(*) FILTER (WHERE ev.type = 'PrepaymentMade') OVER upto AS made_so_far,
         -- The frame does not bound lead(): no next event is the prepayment's last in the range (one window, one pass).
         lead(ev.pos) OVER upto IS NULL AS is_last
  FROM ev LEFT JOIN stored s USING (prepayment_id)
  WINDOW upto AS (PARTITION BY ev.prepayment_id ORDER BY ev.tx, ev.pos ROWS UNBOUNDED PRECEDING)
),
totals AS (
  SELECT w.*, w.base_redeemed + w.redeemed AS total_redeemed, w.base_refunded + w.refunded AS total_refunded,
         w.base_amount - w.base_redeemed - w.redeemed - w.base_refunded - w.refunded AS left_over,
         w.amount IS NULL OR w.amount <> trunc(w.amount) OR abs(w.amount) > 9007199254740991 AS not_whole
  FROM w
),
-- Only the rows read after it: each prepayment's last (outcome) and the failing ones (refusal),
-- a tenth of the range's rows in a bulk.
checked AS MATERIALIZED (
  SELECT * FROM (
  SELECT t.tx, t.pos, t.type, t.stream_id, t.prepayment_id, t.is_stored, t.redeemed, t.refunded, t.at, t.is_last,
    CASE
      WHEN t.schema_version <> ${BALANCE_SCHEMA_VERSION} THEN 'stored at schema version ' || t.schema_version || ', which this projection does not read'
      WHEN t.type = 'PrepaymentMade' THEN
        CASE WHEN t.is_stored OR t.made_so_far > 1 THEN 'prepayment ' || t.prepayment_id || ' made twice'
             WHEN t.not_whole THEN 'amount is not whole won' END
      WHEN NOT t.is_stored AND t.made_so_far = 0 THEN 'no prepayment ' || t.prepayment_id
      WHEN t.type = 'RefundRequested' THEN
        CASE WHEN t.total_refunded <> 0 THEN 'prepayment ' || t.prepayment_id || ' already refunded'
             WHEN t.at IS NULL THEN 'updated_at would be null' END
      WHEN t.not_whole THEN 'amount is not whole won'
      WHEN t.at IS NULL THEN 'updated_at would be null'
      WHEN t.left_over < 0 THEN 'the balance would be ' || t.left_over || ' (prepayment_balance_not_negative)'
      WHEN t.total_redeemed < 0 OR t.total_refunded < 0 THEN 'amounts out of range'
      WHEN t.total_refunded <> 0 AND t.left_over <> 0 THEN 'refund does not take the whole balance'
      WHEN (t.total_refunded > 0) <> t.refunded_at_set THEN 'refunded and refunded_at disagree'
      WHEN t.left_over IS DISTINCT FROM CASE WHEN t.type = 'PrepaymentRefunded' THEN 0 ELSE t.balance_after END
        THEN 'balance ' || t.left_over || ' is not ' || coalesce((CASE WHEN t.type = 'PrepaymentRefunded' THEN 0 ELSE t.balance_after END)::text, 'given')
    END AS problem
  FROM totals t
  ) c
  WHERE c.problem IS NOT NULL OR c.is_last
),
-- Each cancellation, with the redemption it cancels: one earlier in the range, or else a stored one.
fresh_cancels AS MATERIALIZED (
  SELECT c.*, f.amount AS fresh_amount, f.pos IS NOT NULL AS of_fresh
  FROM (
    SELECT ev.*, row_number() OVER (PARTITION BY ev.prepayment_id, ev.redemption_id ORDER BY ev.tx, ev.pos) AS nth
    FROM ev WHERE ev.type = 'RedemptionCancelled'
  ) c
  LEFT JOIN ev f ON f.type = 'PrepaymentRedeemed' AND f.prepayment_id = c.prepayment_id AND f.redemption_id = c.redemption_id
    AND (f.tx, f.pos) < (c.tx, c.pos)
),
-- Looked up only for the cancellations of no redemption in the range (an inner join: with none,
-- the table is not read at all).
stored_r AS MATERIALIZED (
  SELECT r.prepayment_id, r.redemption_id, r.amount, r.cancelled_at IS NOT NULL AS cancelled
  FROM prepayment_redemptions r
  JOIN (SELECT DISTINCT prepayment_id, redemption_id FROM fresh_cancels WHERE NOT of_fresh) k
    ON r.prepayment_id = k.prepayment_id AND r.redemption_id = k.redemption_id
),
cancels AS MATERIALIZED (
  SELECT c.*, sr.amount AS stored_amount, sr.cancelled AS stored_cancelled
  FROM fresh_cancels c
  LEFT JOIN stored_r sr ON NOT c.of_fresh AND sr.prepayment_id = c.prepayment_id AND sr.redemption_id = c.redemption_id
),
refusal AS MATERIALIZED (
  SELECT * FROM (
    SELECT tx, pos, type, stream_id, 1 AS rank, problem FROM checked WHERE problem IS NOT NULL
    UNION ALL
    SELECT tx, pos, type, stream_id, 0,
      CASE WHEN nth > 1 THEN 'no open redemption ' || redemption_id
           WHEN of_fresh THEN CASE WHEN fresh_amount <> amount THEN 'redemption ' || redemption_id || ' amount differs' END
           WHEN stored_amount IS NOT NULL AND NOT stored_cancelled THEN
             CASE WHEN stored_amount <> amount THEN 'redemption ' || redemption_id || ' amount differs' END
           ELSE 'no open redemption ' || redemption_id
      END
    FROM cancels
  ) p
  WHERE problem IS NOT NULL
  ORDER BY tx, pos, rank
  LIMIT 1
),
last_request AS (
  SELECT DISTINCT ON (prepayment_id) prepayment_id, data->>'basis' AS basis, at
  FROM ev WHERE type = 'RefundRequested' ORDER BY prepayment_id, tx DESC, pos DESC
),
last_refund AS (
  SELECT DISTINCT ON (prepayment_id) prepayment_id, at
  FROM ev WHERE type = 'PrepaymentRefunded' ORDER BY prepayment_id, tx DESC, pos DESC
),
outcome AS MATERIALIZED (
  -- A prepayment not stored is made in the range: otherwise its first event was refused ('no prepayment').
  SELECT f.prepayment_id, f.is_stored, NOT f.is_stored AS made,
         f.redeemed, f.refunded, f.at AS updated_at,
         q.prepayment_id IS NOT NULL AS refund_requested, q.basis AS refund_basis, q.at AS refund_requested_at,
         d.at AS refunded_at
  FROM checked f
  LEFT JOIN last_request q USING (prepayment_id)
  LEFT JOIN last_refund d USING (prepayment_id)
  WHERE f.is_last AND NOT EXISTS (SELECT FROM refusal)
),
made AS (
  INSERT INTO prepayment_balances (prepayment_id, code, payer_id, payer_kind, merchant_id, campaign_id,
    merchant_category, merchant_district, channel, amount, redeemed, refunded, refund_basis,
    refund_requested_at, refunded_at, paid_at, updated_at)
  SELECT o.prepayment_id, m.data->>'code', m.data->'payer'->>'id', m.data->'payer'->>'kind',
         m.data->>'merchantId', m.data->>'campaignId', m.data->>'merchantCategory',
         m.data->>'merchantDistrict', m.data->>'channel', (m.data->>'amount')::bigint,
         o.redeemed, o.refunded, o.refund_basis, o.refund_requested_at, o.refunded_at,
         (m.data->>'paidAt')::timestamptz, o.updated_at
  FROM outcome o JOIN ev m ON m.type = 'PrepaymentMade' AND m.prepayment_id = o.prepayment_id
  WHERE o.made
  RETURNING 1
),
changed AS (
  UPDATE prepayment_balances b
  SET redeemed = b.redeemed + o.redeemed,
      refunded = b.refunded + o.refunded,
      refund_basis = CASE WHEN o.refund_requested THEN o.refund_basis ELSE b.refund_basis END,
      refund_requested_at = CASE WHEN o.refund_requested THEN o.refund_requested_at ELSE b.refund_requested_at END,
      refunded_at = coalesce(o.refunded_at, b.refunded_at),
      updated_at = o.updated_at
  FROM outcome o
  WHERE o.is_stored AND b.prepayment_id = o.prepayment_id
  RETURNING 1
),
redemptions AS (
  INSERT INTO prepayment_redemptions (prepayment_id, redemption_id, merchant_id, amount, redeemed_at, seoul_day, cancelled_at)
  SELECT r.prepayment_id, r.redemption_id, r.merchant_id, r.amount, r.at, ((r.at + interval '9 hours') AT TIME ZONE 'UTC')::date, c.at
  FROM ev r
  LEFT JOIN cancels c ON c.of_fresh AND c.nth = 1 AND c.prepayment_id = r.prepayment_id AND c.redemption_id = r.redemption_id
  WHERE r.type = 'PrepaymentRedeemed' AND NOT EXISTS (SELECT FROM refusal)
  RETURNING 1
),
cancelled AS (
  UPDATE prepayment_redemptions r SET cancelled_at = c.at
  FROM cancels c
  WHERE c.nth = 1 AND NOT c.of_fresh AND r.prepayment_id = c.prepayment_id AND r.redemption_id = c.redemption_id
    AND r.cancelled_at IS NULL AND NOT EXISTS (SELECT FROM refusal)
  RETURNING 1
)
SELECT (SELECT count(*) FROM outcome WHERE is_stored)::int AS stored,
       (SELECT count(*) FROM changed)::int AS changed,
       (SELECT count(*) FROM made)::int AS made,
       (SELECT count(*) FROM redemptions)::int AS redemptions,
       (SELECT count(*) FROM cancelled)::int AS cancelled,
       r.type, r.pos::text AS position, r.stream_id, r.problem AS reason
FROM (SELECT 1) one LEFT JOIN refusal r ON true`;

/**
 * Applies the balance events of `range` (see balancesSql), of the streams of `share` if given.
 * Returns the event it refused, if any; the statement then wrote nothing.
 */
export async function applyBalances(sql: Sql, range: LogRange, share?: StreamShare): Promise<Refusal | null> {
  const { rows } = await sql.query<{
    stored: number;
    changed: number;
    type: string | null;
    position: string | null;
    stream_id: string | null;
    reason: string | null;
  }>(balancesSql(range, share), rangeParams(range), statementName(range, share, 'goodpay_balances_range'));
  const [row] = rows;
  if (row.type !== null) return { type: row.type, position: row.position!, streamId: row.stream_id!, reason: row.reason! };
  // Found in the same statement's snapshot, under the checkpoint's lock: a mismatch is a bug here.
  if (row.changed !== row.stored) throw new Error(`updated ${row.changed} prepayments, expected ${row.stored}`);
  return null;
}

/**
 * Orders, their cancellations and claims of `range` (of the streams of `share` if given), those
 * of the types the range holds (`present`): one statement each, each checked to change exactly
 * its rows (a cancellation of an unknown order, a claim of an unknown or claimed prepayment fail
 * the batch). Claims after the balances: a claim follows its PrepaymentMade. An order's and a
 * claim's rows are their prepayment's.
 */
export async function applyOthers(sql: Sql, range: LogRange, present: ReadonlySet<OtherType>, share?: StreamShare): Promise<void> {
  const params = rangeParams(range);
  const inShare = inStreamShare(`e.data->>'prepaymentId'`, share);
  const inTheRange = inRange(range);
  if (present.has('PrepaymentOrdered')) {
    await sql.query(
      `INSERT INTO prepayment_orders (prepayment_id, code, payer_id, payer_kind, merchant_id, campaign_id,
       merchant_category, merchant_district, amount, provider, external_reference, paid_at)
     SELECT d->>'prepaymentId', d->>'code', d->'payer'->>'id', d->'payer'->>'kind', d->>'merchantId', d->>'campaignId',
            d->>'merchantCategory', d->>'merchantDistrict', (d->>'amount')::bigint, d->'payment'->>'provider',
            d->'payment'->>'externalReference', (d->>'paidAt')::timestamptz
     FROM (SELECT e.data AS d FROM events e WHERE e.type = 'PrepaymentOrdered' AND ${inTheRange} AND ${inShare}) o`,
      params,
      statementName(range, share, 'goodpay_balances_orders'),
    );
  }
  if (present.has('PrepaymentOrderCancelled')) {
    await exactlyEach(
      sql,
      'cancelled',
      'orders',
      `WITH c AS (
       SELECT e.data->>'prepaymentId' AS prepayment_id, (e.data->>'cancelledAt')::timestamptz AS cancelled_at
       FROM events e WHERE e.type = 'PrepaymentOrderCancelled' AND ${inTheRange} AND ${inShare}
     ),
     u AS (
       UPDATE prepayment_orders o SET cancelled_at = c.cancelled_at
       FROM c WHERE o.prepayment_id = c.prepayment_id AND o.cancelled_at IS NULL
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM c)::int AS expected, (SELECT count(*) FROM u)::int AS changed`,
      params,
      statementName(range, share, 'goodpay_balances_order_cancels'),
    );
  }
  if (present.has('PrepaymentClaimed')) {
    await exactlyEach(
      sql,
      'claimed',
      'prepayments',
      `WITH c AS (
       SELECT e.data->>'prepaymentId' AS prepayment_id, e.data->'payer'->>'id' AS payer_id,
              e.data->'payer'->>'kind' AS payer_kind, (e.data->>'claimedAt')::timestamptz AS claimed_at
       FROM events e WHERE e.type = 'PrepaymentClaimed' AND ${inTheRange} AND ${inShare}
     ),
     u AS (
       UPDATE prepayment_balances b
       SET payer_id = c.payer_id, payer_kind = c.payer_kind, updated_at = greatest(b.updated_at, c.claimed_at)
       FROM c WHERE b.prepayment_id = c.prepayment_id AND b.payer_id IS NULL
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM c)::int AS expected, (SELECT count(*) FROM u)::int AS changed`,
      params,
      // Not named: planned without the values, it reached the unclaimed balances through the
      // payer index (every unclaimed one) and matched them to the claims, rather than by key.
      undefined,
    );
  }
}

/** A short range's statement is named (planned once per connection); a share's text differs by share: never named. */
const statementName = (range: LogRange, share: StreamShare | undefined, name: string): string | undefined =>
  share === undefined ? rangeStatementName(range, name) : undefined;

/** Runs a statement that reports how many rows it should have changed and how many it did. */
async function exactlyEach(
  sql: Sql,
  verb: string,
  what: string,
  text: string,
  params: readonly unknown[],
  name: string | undefined,
): Promise<void> {
  const { rows } = await sql.query<{ expected: number; changed: number }>(text, params, name);
  const [{ expected, changed }] = rows;
  if (changed !== expected) throw new Error(`read model out of step with the log: ${verb} ${changed} ${what}, expected ${expected}`);
}

/** The types besides the balances' that a range may hold; each has a statement of its own (applyOthers). */
export type OtherType = 'PrepaymentOrdered' | 'PrepaymentOrderCancelled' | 'PrepaymentClaimed';
const OTHER_TYPES: readonly OtherType[] = ['PrepaymentOrdered', 'PrepaymentOrderCancelled', 'PrepaymentClaimed'];

/** What a range holds besides its balance events. */
export interface RangeContents {
  /** The rehearsals deleted in it, in log order: the range is applied in the stretches between them. */
  deletions: { campaignId: string; at: GlobalCheckpoint }[];
  /** Which of the other types it holds: the statements of the others are left out. */
  others: ReadonlySet<OtherType>;
}

/**
 * The range's rehearsal deletions, and which other types it holds, in one statement (a probe of
 * the type index per type): a live batch of redemptions runs one statement where it ran four.
 */
export async function rangeContents(sql: Sql, range: LogRange): Promise<RangeContents> {
  const inTheRange = inRange(range);
  const { rows } = await sql.query<{ type: string; campaign_id: string | null; transaction_id: string | null; position: string | null }>(
    `SELECT * FROM (
       SELECT e.type, e.data->>'campaignId' AS campaign_id, e.transaction_id::text AS transaction_id,
              e.global_position::text AS position
       FROM events e WHERE e.type = 'CampaignRehearsalDeleted' AND ${inTheRange}
       ORDER BY e.transaction_id, e.global_position
     ) deletion
     UNION ALL
     SELECT t.type, NULL, NULL, NULL FROM unnest($5::text[]) AS t(type)
     WHERE EXISTS (SELECT FROM events e WHERE e.type = t.type AND ${inTheRange})`,
    [...rangeParams(range), OTHER_TYPES],
    rangeStatementName(range, 'goodpay_balances_range_contents'),
  );
  return {
    deletions: rows
      .filter((row) => row.campaign_id !== null)
      .map((row) => ({ campaignId: row.campaign_id!, at: { transactionId: row.transaction_id!, position: row.position! } })),
    others: new Set(rows.filter((row) => row.campaign_id === null).map((row) => row.type as OtherType)),
  };
}
