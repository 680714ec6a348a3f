/** BullMQ queue of the raffle's scheduled sweep: award deadlines and personal-data retention. */
export const RAFFLE_SWEEP_QUEUE = 'raffle-sweeps';
export const RAFFLE_SWEEP_SCHEDULER_ID = 'raffle-hourly-sweep';
export const RAFFLE_SWEEP_JOB = 'sweep';

/** Every hour on the hour: a prize is forfeited at most an hour after its deadline. */
export const RAFFLE_SWEEP_PATTERN = '0 * * * *';
