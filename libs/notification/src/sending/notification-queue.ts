import type { OutboxJob } from '@goodpay/event-store';
import { type NotificationKind, urgencyOf } from '../kinds/notification-kinds';
import { sendJobId } from '../planning/notification-id';

/** The BullMQ queue of notifications to send; jobs carry ids only, never an address. */
export const NOTIFICATION_QUEUE = 'notifications';

export const SEND_NOTIFICATION_JOB = 'send';
/** Asks providers that report later what became of messages still on their way. */
export const POLL_DELIVERIES_JOB = 'poll-deliveries';
/** Masks the personal variables of messages past the retention period. */
export const REDACT_EXPIRED_JOB = 'redact-expired';

export interface SendNotificationJob {
  notificationId: string;
  round: number;
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
export function sendJob(facts: SendJobFacts, retry: { attempts: number; backoffMs: number }): OutboxJob {
  return {
    queue: NOTIFICATION_QUEUE,
    name: SEND_NOTIFICATION_JOB,
    jobId: sendJobId(facts.notificationId, facts.round),
    data: { notificationId: facts.notificationId, round: facts.round } satisfies SendNotificationJob,
    options: {
      attempts: retry.attempts,
      priority: urgencyOf(facts.kind),
      backoff: { type: 'exponential', delay: retry.backoffMs },
      removeOnFail: 5000,
    },
    causedBy: facts.eventId,
  };
}
