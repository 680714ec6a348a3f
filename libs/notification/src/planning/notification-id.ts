import { hash } from 'node:crypto';

/**
 * A notification's id, derived from what caused it: the same (event, recipient, kind) always
 * gives the same id, so a replayed event or a duplicate job names the same notification.
 * UUID-shaped (from SHA-256) so it fits a uuid column and a path parameter; BullMQ job ids may
 * not contain ':'. `hash`, not `createHash`: the one-shot digest costs about half as much, and a
 * catch-up derives a million of them.
 */
export function notificationIdFor(eventId: string, recipientId: string, kind: string): string {
  const hex = hash('sha256', `${eventId}\u0000${recipientId}\u0000${kind}`, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The BullMQ job id of one send round: a staff resend is a new round, hence a new job. */
export const sendJobId = (notificationId: string, round: number): string => `${notificationId}-${round}`;
/** The BullMQ job id of a batch of first rounds, named by its first message (in no other batch). */
export const sendBatchJobId = (firstNotificationId: string): string => `batch-${firstNotificationId}`;
