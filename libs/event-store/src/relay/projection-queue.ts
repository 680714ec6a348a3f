/** The BullMQ queue whose jobs wake projections; PostgreSQL holds the events themselves. */
export const PROJECTION_QUEUE = 'projections';

export const CATCH_UP_JOB = 'catch-up';

export interface CatchUpJob {
  projection: string;
}

/**
 * One waiting wake-up per projection at most: a burst of commits adds one job, not
 * thousands. The worker drops the key when it starts, so a commit during a run queues
 * exactly one more run and nothing committed is left unread.
 */
export const catchUpJobOptions = (projection: string, delay = 0) => ({
  deduplication: { id: `${CATCH_UP_JOB}:${projection}` },
  delay,
  removeOnComplete: true,
  removeOnFail: 1000,
  attempts: 5,
  backoff: { type: 'exponential', delay: 200 },
});
