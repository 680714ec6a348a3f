/** The message figure the campaign office watches, as a gauge the worker reports (BusinessGauge in @goodpay/platform). */
export const NOTIFICATION_GAUGES = [
  {
    name: 'goodpay_messages_failed',
    help: 'Messages that could not be sent on any channel and wait for a staff resend',
    sql: `SELECT count(*)::text AS value FROM notifications WHERE status = 'failed'`,
  },
] as const;
