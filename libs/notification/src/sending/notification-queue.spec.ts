import { randomUUID } from 'node:crypto';
import type { NotificationKind } from '../kinds/notification-kinds';
import { SEND_BATCH_JOB, SEND_BATCH_SIZE, sendBatchJobs } from './notification-queue';

const planned = (kind: NotificationKind, count: number) =>
  Array.from({ length: count }, () => ({ notificationId: randomUUID(), kind, eventId: randomUUID() }));

describe('sendBatchJobs', () => {
  it('makes a job per kind and SEND_BATCH_SIZE messages, in the order given, named by its first message', () => {
    const made = planned('prepayment_made', SEND_BATCH_SIZE + 1);
    const refunds = planned('prepayment_refunded', 2);
    const jobs = sendBatchJobs([...made.slice(0, 10), ...refunds, ...made.slice(10)], { attempts: 4, backoffMs: 100 });

    expect(
      jobs.map((job) => [job.name, job.jobId, (job.data.notificationIds as string[]).length, job.options?.priority, job.causedBy]),
    ).toEqual([
      [SEND_BATCH_JOB, `batch-${made[0].notificationId}`, SEND_BATCH_SIZE, 2, made[0].eventId],
      [SEND_BATCH_JOB, `batch-${made[SEND_BATCH_SIZE].notificationId}`, 1, 2, made[SEND_BATCH_SIZE].eventId],
      [SEND_BATCH_JOB, `batch-${refunds[0].notificationId}`, 2, 1, refunds[0].eventId],
    ]);
    expect(jobs.flatMap((job) => job.data.notificationIds)).toEqual([...made, ...refunds].map((m) => m.notificationId));
    expect(jobs[0].options).toMatchObject({ attempts: 4, backoff: { type: 'exponential', delay: 100 } });
  });

  it('asks for nothing when nothing is to be sent', () => {
    expect(sendBatchJobs([], { attempts: 4, backoffMs: 100 })).toEqual([]);
  });
});
