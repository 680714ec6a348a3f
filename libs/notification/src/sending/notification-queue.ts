/** The BullMQ queue of notifications to send; jobs carry ids only, never an address. */
export const NOTIFICATION_QUEUE = 'notifications';

export const SEND_NOTIFICATION_JOB = 'send';

export interface SendNotificationJob {
  notificationId: string;
  round: number;
}

/** Temporary failures retry with exponential backoff; the last failure is kept for Bull Board. */
export const sendJobOptions = (jobId: string, attempts: number, backoffMs: number) => ({
  jobId,
  attempts,
  backoff: { type: 'exponential', delay: backoffMs },
  removeOnComplete: true,
  removeOnFail: 5000,
});
