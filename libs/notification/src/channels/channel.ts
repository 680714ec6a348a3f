import type { ComposedMessage } from '../message/compose';
import type { DeliveryReceipt } from '../receipts/delivery-receipts';
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
  /** Which adapter this is ('recording', 'solapi', 'smtp'): kept on each message it sent. */
  readonly provider: string;
  /** Resolves when the provider accepted the message; throws ChannelError when it did not. */
  send(message: OutgoingMessage): Promise<SendReceipt>;
  /**
   * Providers that report delivery later: the final word on one message, or null while it is
   * still on its way. The delivery poller asks; providers without it report by callback, or not.
   */
  deliveryReport?(providerMessageId: string): Promise<DeliveryReceipt | null>;
}

/**
 * Who a failure is about:
 * - 'message': this message (an unknown number, a template Kakao refused): other messages go on;
 * - 'provider': the provider itself (down, throttling us, refusing our credentials): every
 *   message would fail the same way now, so the sender stops for a while and tries no fallback
 *   through the same provider; nothing is spent, nothing is lost.
 */
export type FailureScope = 'message' | 'provider';

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
    readonly scope: FailureScope = 'message',
    /** How long the provider asked us to wait (Retry-After), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** The channels the sender uses, one per name: the built-in ones unless the app provides real providers. */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
export type NotificationChannels = Record<ChannelName, NotificationChannel>;
