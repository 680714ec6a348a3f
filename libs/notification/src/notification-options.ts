import type { ChannelName } from './templates/template';

/** Solapi's credentials and the registered sender (see channels/solapi). */
export interface SolapiSettings {
  apiKey: string;
  apiSecret: string;
  /** https://api.solapi.com in production; tests point it at their own server. */
  apiBase: string;
  /** The sender number registered with Solapi (발신번호 사전등록): only it may send. */
  sender: string;
  /** The Kakao channel (plus friend) id Alimtalk templates are approved under. */
  pfId: string;
  /** Give up on a call after this long: a provider that does not answer is an outage. */
  timeoutMs?: number;
}

/** The mail server e-mail goes through (see channels/smtp). */
export interface SmtpSettings {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465. */
  url: string;
  /** The From header: `착한 선결제 <no-reply@example.kr>`. */
  from: string;
}

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
  /**
   * Send jobs the queue starts per second, all workers together; by default what every provider
   * together accepts (the sum of ratePerSecond). See NotificationProcessor.
   */
  sendRatePerSecond?: number;
  /** How often providers that report later are asked about messages still on their way. */
  deliveryPollMs?: number;
  /** After this many days a message keeps only its masked text: its personal variables are masked too. */
  retentionDays?: number;
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
  const ratePerSecond = { ...DEFAULT_RATE_PER_SECOND, ...options.ratePerSecond };
  return {
    receiptSecret: options.receiptSecret,
    messages: options.messages ?? { provider: 'recording' },
    smtp: options.smtp,
    ratePerSecond,
    sendRatePerSecond: options.sendRatePerSecond ?? Object.values(ratePerSecond).reduce((sum, rate) => sum + rate, 0),
    attempts: options.attempts ?? 6,
    backoffMs: options.backoffMs ?? 2_000,
    providerPauseMs: options.providerPauseMs ?? 5_000,
    sendConcurrency: options.sendConcurrency ?? 8,
    deliveryPollMs: options.deliveryPollMs ?? 60_000,
    retentionDays: options.retentionDays ?? 90,
    planEventsWithinMs: options.planEventsWithinMs ?? 24 * 60 * 60_000,
  };
}
