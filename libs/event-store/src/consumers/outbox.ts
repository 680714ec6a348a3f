import type { JobsOptions } from 'bullmq';
import type { RecordedEvent } from '../events/event';
import type { Sql } from '../sql/sql';

/**
 * A side-effect job a reactor asks for. `jobId` derives from the event that caused it (a
 * draw per round, a payout per settlement and round): enqueueing it again, after a crash or a
 * Redis loss, adds nothing while the job is known to Redis, and its handler is idempotent on
 * it for when Redis forgot it.
 */
export interface OutboxJob {
  queue: string;
  name: string;
  jobId: string;
  data: Record<string, unknown>;
  /** attempts, backoff, removeOnFail...; the job id and removeOnComplete are the outbox's. */
  options?: Omit<JobsOptions, 'jobId' | 'removeOnComplete'>;
  /** The event it answers (its id): kept beside the row to trace a job to its cause. */
  causedBy: RecordedEvent['id'];
}

/**
 * Records the jobs in the reactor's checkpoint transaction. A job id already in the outbox is
 * kept as it was (ON CONFLICT DO NOTHING): a reactor replayed from position 0 asks nothing twice.
 */
export async function recordInOutbox(sql: Sql, consumer: string, jobs: readonly OutboxJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await sql.query(
    `INSERT INTO consumer_outbox (consumer, queue, job_name, job_id, data, options, caused_by)
     SELECT $1, queue, job_name, job_id, data, options, caused_by
     FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[], $7::uuid[])
       AS j(queue, job_name, job_id, data, options, caused_by)
     ON CONFLICT (queue, job_id) DO NOTHING`,
    [
      consumer,
      jobs.map((job) => job.queue),
      jobs.map((job) => job.name),
      jobs.map((job) => job.jobId),
      jobs.map((job) => JSON.stringify(job.data)),
      jobs.map((job) => JSON.stringify(job.options ?? {})),
      jobs.map((job) => job.causedBy),
    ],
  );
}
