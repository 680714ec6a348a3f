import type { ChannelName } from './templates/template';

/** How the notification context is configured by the app (from environment variables). */
export interface NotificationOptions {
  /** What providers send in the X-Receipt-Secret header of their delivery receipts. */
  receiptSecret: string;
  /** Messages per second each provider accepts from us. */
  ratePerSecond?: Partial<Record<ChannelName, number>>;
  /** Tries of a message with temporary failures before it lands in the failed list. */
  attempts?: number;
  /** First retry delay; doubles each time (exponential backoff). */
  backoffMs?: number;
  /** How often the worker hands due notifications to the queue. */
  dispatchIntervalMs?: number;
  /** A pending notification whose job may be lost (Redis flushed) is queued again after this long. */
  requeueAfterMs?: number;
  /** Events older than this when first planned are not notified (see the planner). */
  planEventsWithinMs?: number;
}

export type ResolvedNotificationOptions = Required<Omit<NotificationOptions, 'ratePerSecond'>> & {
  ratePerSecond: Record<ChannelName, number>;
};

export const NOTIFICATION_OPTIONS = Symbol('NOTIFICATION_OPTIONS');

export const DEFAULT_RATE_PER_SECOND: Record<ChannelName, number> = { alimtalk: 100, sms: 50, email: 20 };

export function resolveNotificationOptions(options: NotificationOptions): ResolvedNotificationOptions {
  if (!options.receiptSecret) throw new Error('notification options: receiptSecret is required');
  return {
    receiptSecret: options.receiptSecret,
    ratePerSecond: { ...DEFAULT_RATE_PER_SECOND, ...options.ratePerSecond },
    attempts: options.attempts ?? 6,
    backoffMs: options.backoffMs ?? 2_000,
    dispatchIntervalMs: options.dispatchIntervalMs ?? 1_000,
    requeueAfterMs: options.requeueAfterMs ?? 5 * 60_000,
    planEventsWithinMs: options.planEventsWithinMs ?? 24 * 60 * 60_000,
  };
}
