import type { SolapiSettings } from './channels/solapi/solapi-client';
import type { SmtpSettings } from './channels/smtp/smtp-email-channel';
import type { ChannelName } from './templates/template';

/** Where Alimtalk and SMS/LMS go: recorded in a table (development, tests), or Solapi. */
export type MessageProviderOptions = { provider: 'recording' } | { provider: 'solapi'; solapi: SolapiSettings };

/** How the notification context is configured by the app (from environment variables). */
export interface NotificationOptions {
  /** What providers send in the X-Receipt-Secret header of their delivery receipts. */
  receiptSecret: string;
  /** Alimtalk and SMS/LMS provider; recording unless said. */
  messages?: MessageProviderOptions;
  /** E-mail over SMTP; recorded in a table when absent. */
  smtp?: SmtpSettings;
  /** Messages per second each provider accepts from us. */
  ratePerSecond?: Partial<Record<ChannelName, number>>;
  /** Tries of a message with temporary failures before it lands in the failed list. */
  attempts?: number;
  /** First retry delay; doubles each time (exponential backoff). */
  backoffMs?: number;
  /** How long every sender stops when a provider is down or throttling and did not say how long. */
  providerPauseMs?: number;
  /** Messages one worker process sends at the same time. */
  sendConcurrency?: number;
  /** How often the worker hands due notifications to the queue. */
  dispatchIntervalMs?: number;
  /** How often providers that report later are asked about messages still on their way. */
  deliveryPollMs?: number;
  /** After this many days a message keeps only its masked text: its personal variables are masked too. */
  retentionDays?: number;
  /** A pending notification whose job may be lost (Redis flushed) is queued again after this long. */
  requeueAfterMs?: number;
  /** Events older than this when first planned are not notified (see the planner). */
  planEventsWithinMs?: number;
}

export type ResolvedNotificationOptions = Required<Omit<NotificationOptions, 'ratePerSecond' | 'smtp'>> & {
  ratePerSecond: Record<ChannelName, number>;
  smtp?: SmtpSettings;
};

export const NOTIFICATION_OPTIONS = Symbol('NOTIFICATION_OPTIONS');

export const DEFAULT_RATE_PER_SECOND: Record<ChannelName, number> = { alimtalk: 100, sms: 50, email: 20 };

export function resolveNotificationOptions(options: NotificationOptions): ResolvedNotificationOptions {
  if (!options.receiptSecret) throw new Error('notification options: receiptSecret is required');
  return {
    receiptSecret: options.receiptSecret,
    messages: options.messages ?? { provider: 'recording' },
    smtp: options.smtp,
    ratePerSecond: { ...DEFAULT_RATE_PER_SECOND, ...options.ratePerSecond },
    attempts: options.attempts ?? 6,
    backoffMs: options.backoffMs ?? 2_000,
    providerPauseMs: options.providerPauseMs ?? 5_000,
    sendConcurrency: options.sendConcurrency ?? 8,
    dispatchIntervalMs: options.dispatchIntervalMs ?? 1_000,
    deliveryPollMs: options.deliveryPollMs ?? 60_000,
    retentionDays: options.retentionDays ?? 90,
    requeueAfterMs: options.requeueAfterMs ?? 5 * 60_000,
    planEventsWithinMs: options.planEventsWithinMs ?? 24 * 60 * 60_000,
  };
}
