/**
 * The prepayment figures the campaign office watches, as Prometheus gauges the worker reports
 * (see BusinessGauge in @goodpay/platform; declared here, beside the tables they read).
 */
export const PREPAYMENT_GAUGES = [
  {
    name: 'goodpay_outstanding_balance_krw',
    help: 'Won prepaid and not yet redeemed or refunded, over every campaign',
    sql: `SELECT coalesce(sum(balance), 0)::text AS value FROM prepayment_balances`,
  },
  {
    name: 'goodpay_prepaid_today_krw',
    help: 'Won prepaid since midnight in Seoul',
    sql: `SELECT coalesce(sum(amount), 0)::text AS value FROM prepayment_balances
          WHERE paid_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Seoul') AT TIME ZONE 'Asia/Seoul'`,
  },
] as const;
