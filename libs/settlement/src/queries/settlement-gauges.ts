/** The settlement figure the campaign office watches, as a gauge the worker reports (BusinessGauge in @goodpay/platform). */
export const SETTLEMENT_GAUGES = [
  {
    name: 'goodpay_payouts_failed',
    help: 'Payouts to merchants that failed for good and wait for staff',
    sql: `SELECT count(*)::text AS value FROM payouts WHERE status = 'failed'`,
  },
] as const;
