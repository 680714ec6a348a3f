import { type NotificationKind, urgencyOf } from '../kinds/notification-kinds';

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

/**
 * Temporary failures retry with exponential backoff; the last failure is kept for Bull Board.
 * The priority follows the kind's urgency, so after an outage a win goes out before news.
 */
export const sendJobOptions = (jobId: string, kind: NotificationKind, attempts: number, backoffMs: number) => ({
  jobId,
  attempts,
  priority: urgencyOf(kind),
  backoff: { type: 'exponential', delay: backoffMs },
  removeOnComplete: true,
  removeOnFail: 5000,
});
