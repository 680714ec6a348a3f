/** BullMQ queue of the daily expiry sweep: the notices of prepayments expiring within 30 days. */
export const EXPIRY_SWEEP_QUEUE = 'prepayment-expiry-sweeps';
export const EXPIRY_SWEEP_SCHEDULER_ID = 'prepayment-daily-expiry-sweep';
export const EXPIRY_SWEEP_JOB = 'sweep';

/** Every day at 10:00 Seoul, so the notices arrive in the daytime; hourly would only find the same notices done. */
export const EXPIRY_SWEEP_PATTERN = '0 10 * * *';
