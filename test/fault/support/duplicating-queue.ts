import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { CATCH_UP_JOB, PROJECTION_QUEUE } from '@goodpay/event-store';
import { redisOptionsFromUrl } from '@goodpay/platform';
import { TEST_REDIS_URL } from '../../support/test-redis';

const COPY = 'copy-';

/**
 * Sends every message of a queue twice: each job added (by the relay, a scheduler, a command)
 * is added again under a new id and without its deduplication id, so a worker takes both, as
 * with a duplicate or a re-delivered message. The copies are marked by their id and not copied
 * again.
 */
export class DuplicatingQueue {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  copies = 0;

  constructor(prefix: string, queueName = PROJECTION_QUEUE) {
    const connection = redisOptionsFromUrl(TEST_REDIS_URL);
    this.queue = new Queue(queueName, { connection, prefix });
    this.events = new QueueEvents(queueName, { connection, prefix });
  }

  async start(): Promise<void> {
    await this.events.waitUntilReady();
    this.events.on('added', ({ jobId }) => {
      if (!jobId.startsWith(COPY)) void this.copy(jobId);
    });
  }

  private async copy(jobId: string): Promise<void> {
    try {
      // The original may already be done and removed (a wake-up often is): then nothing to copy.
      const job = await this.queue.getJob(jobId);
      if (!job) return;
      await this.queue.add(job.name, job.data, { jobId: `${COPY}${randomUUID()}`, removeOnComplete: true, removeOnFail: true });
      this.copies += 1;
    } catch {
      // Redis being flushed under us: this copy is lost like any message then.
    }
  }

  /** Adds `times` wake-ups of `projection` right now (on the projections queue). */
  async burst(projection: string, times: number): Promise<void> {
    await Promise.all(
      Array.from({ length: times }, () =>
        this.queue.add(CATCH_UP_JOB, { projection }, { jobId: `${COPY}${randomUUID()}`, removeOnComplete: true, removeOnFail: true }),
      ),
    );
    this.copies += times;
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }
}
