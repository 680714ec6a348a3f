/** The BullMQ queue whose jobs wake consumers; PostgreSQL holds the events themselves. */
export const PROJECTION_QUEUE = 'projections';

/** Catch one consumer up (for a bounded time; it queues itself again if it has more). */
export const CATCH_UP_JOB = 'catch-up';

/** Commits happened: wake every consumer. One waiting job at most, whatever the number of commits. */
export const WAKE_ALL_JOB = 'wake-all';

export interface CatchUpJob {
  projection: string;
}

const jobOptions = (deduplicationId: string, delay: number) => ({
  deduplication: { id: deduplicationId },
  delay,
  removeOnComplete: true,
  removeOnFail: 1000,
  attempts: 5,
  backoff: { type: 'exponential', delay: 200 },
});

/**
 * One waiting wake-up per consumer at most: a burst of commits adds one job, not
 * thousands. The worker drops the key when it starts, so a commit during a run queues
 * exactly one more run and nothing committed is left unread.
 */
export const catchUpJobOptions = (projection: string, delay = 0) => jobOptions(`${CATCH_UP_JOB}:${projection}`, delay);

/** The one coalesced wake-up after commits: the worker turns it into a catch-up per consumer. */
export const wakeAllJobOptions = () => jobOptions(WAKE_ALL_JOB, 0);
