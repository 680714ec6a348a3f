/**
 * The prepayment figures the campaign office watches, as Prometheus gauges the worker reports
 * (see BusinessGauge in @goodpay/platform; declared here, beside the tables they read).
 */
/** Rehearsal campaigns are never in the real figures. */
const REAL = `campaign_id NOT IN (SELECT campaign_id FROM campaign_targets WHERE rehearsal)`;

export const PREPAYMENT_GAUGES = [
  {
    name: 'goodpay_outstanding_balance_krw',
    help: 'Won prepaid and not yet redeemed or refunded, over every real campaign (rehearsals left out)',
    sql: `SELECT coalesce(sum(balance), 0)::text AS value FROM prepayment_balances WHERE ${REAL}`,
  },
  {
    name: 'goodpay_prepaid_today_krw',
    help: 'Won prepaid since midnight in Seoul',
    sql: `SELECT coalesce(sum(amount), 0)::text AS value FROM prepayment_balances
          WHERE paid_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Seoul') AT TIME ZONE 'Asia/Seoul' AND ${REAL}`,
  },
] as const;
