import type { ComposedMessage } from '../message/compose';
import type { ChannelName } from '../templates/template';

/** A message ready for a provider: the only place an address appears, and only in memory. */
export interface OutgoingMessage extends ComposedMessage {
  /** Unique per notification and send round: providers take it as the client reference, so a repeated call is not a second message. */
  sendKey: { notificationId: string; round: number };
  recipientId: string;
  /** Phone number (alimtalk, sms) or e-mail address. Never logged, never stored in clear. */
  address: string;
}

export interface SendReceipt {
  /** The provider's id of the message: what its delivery receipts refer to. */
  providerMessageId: string;
}

/** One provider behind one interface: Kakao Alimtalk, an SMS/LMS gateway, an e-mail service. */
export interface NotificationChannel {
  readonly name: ChannelName;
  /** Resolves when the provider accepted the message; throws ChannelError when it did not. */
  send(message: OutgoingMessage): Promise<SendReceipt>;
}

/**
 * A provider's refusal. Temporary (timeout, 5xx, throttled): retried with backoff. Permanent
 * (unknown number, not a KakaoTalk user, template rejected): never retried on that channel.
 */
export class ChannelError extends Error {
  constructor(
    readonly channel: ChannelName,
    readonly code: string,
    readonly temporary: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** The channels the sender uses, one per name: the built-in ones unless the app provides real providers. */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
export type NotificationChannels = Record<ChannelName, NotificationChannel>;
