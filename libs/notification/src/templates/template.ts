import type { NotificationKind } from '../kinds/notification-kinds';

/** The channels a person is reached on; the sms channel sends SMS or LMS by length. */
export const CHANNELS = ['alimtalk', 'sms', 'email'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/**
 * A message text in Korean with `#{variable}` placeholders (Kakao Alimtalk's syntax). Versioned:
 * a text is never edited in place, because Kakao only delivers the exact text it approved under
 * a template code. A new wording is a new version with new provider codes; notifications keep
 * the version they were planned with, so a resend says what the first attempt would have said.
 */
export interface NotificationTemplate {
  id: string;
  version: number;
  kind: NotificationKind;
  /** The e-mail subject and the LMS title (at most 40 bytes). */
  title: string;
  body: string;
  /** The code each provider registered this exact text under. */
  providerCodes: Record<ChannelName, string>;
}
