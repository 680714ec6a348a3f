import type { NotificationKind } from '../kinds/notification-kinds';

/** What a template's `#{name}` placeholders are filled with. */
export type TemplateVariables = Readonly<Record<string, string>>;

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
  /** Variables that carry personal or secret data (a prepayment code, a free-text reason): masked wherever the text is shown or kept. */
  personalVariables?: readonly string[];
  /** The buttons registered with the Alimtalk template: Kakao delivers a message only with the buttons it approved. */
  alimtalkButtons?: readonly AlimtalkButton[];
  /** E-mail only: the document the message carries (a donation receipt), made from the same variables. */
  emailAttachment?: (variables: TemplateVariables) => EmailAttachment;
}

/** A Kakao Alimtalk button as Solapi takes it (kakaoOptions.buttons): 'AC' adds the channel, 'WL' opens a web link. */
export interface AlimtalkButton {
  buttonType: 'AC' | 'WL';
  buttonName: string;
  linkMo?: string;
  linkPc?: string;
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
}
