import type { OutboxJob } from '@goodpay/event-store';
import { type NotificationKind, urgencyOf } from '../kinds/notification-kinds';
import { sendBatchJobId, sendJobId } from '../planning/notification-id';

/** The BullMQ queue of notifications to send; jobs carry ids only, never an address. */
export const NOTIFICATION_QUEUE = 'notifications';

export const SEND_NOTIFICATION_JOB = 'send';
/** Sends the first round of the messages one planner batch made, of one kind. */
export const SEND_BATCH_JOB = 'send-batch';
/** Messages per batch job: a job's data stays small (about 20 kB) and a batch is done in seconds. */
export const SEND_BATCH_SIZE = 500;
/** Asks providers that report later what became of messages still on their way. */
export const POLL_DELIVERIES_JOB = 'poll-deliveries';
/** Masks the personal variables of messages past the retention period. */
export const REDACT_EXPIRED_JOB = 'redact-expired';

export interface SendNotificationJob {
  notificationId: string;
  round: number;
}

export interface SendBatchJob {
  notificationIds: string[];
}

/** What a send job is, whoever records it: the planner, a staff resend, a fallback after an undelivered Alimtalk. */
export interface SendJobFacts {
  notificationId: string;
  round: number;
  kind: NotificationKind;
  /** The event the notification answers: the outbox row's cause. */
  eventId: string;
}

/**
 * The outbox job that sends one round of a notification. Its id names the notification and the
 * round, so the outbox sends it once however often a round is recorded or Redis loses it.
 * Temporary failures retry with exponential backoff; the last failure is kept for Bull Board.
 * The priority follows the kind's urgency, so after an outage a win goes out before news.
 */
export function sendJob(facts: SendJobFacts, retry: RetryOptions, delayMs = 0): OutboxJob {
  return {
    queue: NOTIFICATION_QUEUE,
    name: SEND_NOTIFICATION_JOB,
    jobId: sendJobId(facts.notificationId, facts.round),
    data: { notificationId: facts.notificationId, round: facts.round } satisfies SendNotificationJob,
    options: { ...jobOptions(facts.kind, retry), ...(delayMs > 0 ? { delay: delayMs } : {}) },
    causedBy: facts.eventId,
  };
}

/**
 * The outbox jobs that send the first round of newly planned messages: one per kind and
 * SEND_BATCH_SIZE messages, in the order given, instead of one per message. Behind an import of a
 * million events that is two thousand outbox rows and Redis jobs where there were a million, each
 * written, sent, checked and marked done. The id names the batch's first message, which no other
 * batch holds (a message is planned once). A message the batch cannot finish in its pass (a
 * temporary failure, quiet hours) goes on in a send job of its own (see BatchSender).
 */
export function sendBatchJobs(planned: readonly Omit<SendJobFacts, 'round'>[], retry: RetryOptions): OutboxJob[] {
  const byKind = new Map<NotificationKind, Omit<SendJobFacts, 'round'>[]>();
  for (const facts of planned) {
    const ofKind = byKind.get(facts.kind);
    if (ofKind) ofKind.push(facts);
    else byKind.set(facts.kind, [facts]);
  }
  const jobs: OutboxJob[] = [];
  for (const [kind, ofKind] of byKind) {
    for (let from = 0; from < ofKind.length; from += SEND_BATCH_SIZE) {
      const batch = ofKind.slice(from, from + SEND_BATCH_SIZE);
      jobs.push({
        queue: NOTIFICATION_QUEUE,
        name: SEND_BATCH_JOB,
        jobId: sendBatchJobId(batch[0].notificationId),
        data: { notificationIds: batch.map((facts) => facts.notificationId) } satisfies SendBatchJob,
        options: jobOptions(kind, retry),
        causedBy: batch[0].eventId,
      });
    }
  }
  return jobs;
}

interface RetryOptions {
  attempts: number;
  backoffMs: number;
}

function jobOptions(kind: NotificationKind, retry: RetryOptions): NonNullable<OutboxJob['options']> {
  return {
    attempts: retry.attempts,
    priority: urgencyOf(kind),
    backoff: { type: 'exponential', delay: retry.backoffMs },
    removeOnFail: 5000,
  };
}
