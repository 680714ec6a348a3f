import { characterLength, smsByteLength } from './byte-length';
import { MessageTooLongError } from './message-errors';

/** Each message type's limit (Korean carriers and Kakao's published limits). */
export const SMS_MAX_BYTES = 90;
export const LMS_MAX_BYTES = 2_000;
/** An LMS title, counted like its body. */
export const LMS_TITLE_MAX_BYTES = 40;
/** Kakao Alimtalk: at most 1,000 characters of body. */
export const ALIMTALK_MAX_CHARACTERS = 1_000;
export const EMAIL_SUBJECT_MAX_CHARACTERS = 200;
export const EMAIL_BODY_MAX_CHARACTERS = 100_000;

export type TextMessageType = 'sms' | 'lms';

/** SMS when it fits in 90 bytes, otherwise LMS up to 2,000 bytes; longer is refused. */
export function textMessageTypeFor(body: string): TextMessageType {
  const bytes = smsByteLength(body);
  if (bytes <= SMS_MAX_BYTES) return 'sms';
  if (bytes <= LMS_MAX_BYTES) return 'lms';
  throw new MessageTooLongError('LMS', bytes, LMS_MAX_BYTES, 'bytes');
}

export function checkLmsTitle(title: string): void {
  const bytes = smsByteLength(title);
  if (bytes > LMS_TITLE_MAX_BYTES) throw new MessageTooLongError('LMS title', bytes, LMS_TITLE_MAX_BYTES, 'bytes');
}

export function checkAlimtalk(body: string): void {
  const characters = characterLength(body);
  if (characters > ALIMTALK_MAX_CHARACTERS) throw new MessageTooLongError('Alimtalk', characters, ALIMTALK_MAX_CHARACTERS, 'characters');
}

export function checkEmail(subject: string, body: string): void {
  const subjectLength = characterLength(subject);
  if (subjectLength > EMAIL_SUBJECT_MAX_CHARACTERS) {
    throw new MessageTooLongError('e-mail subject', subjectLength, EMAIL_SUBJECT_MAX_CHARACTERS, 'characters');
  }
  const bodyLength = characterLength(body);
  if (bodyLength > EMAIL_BODY_MAX_CHARACTERS) throw new MessageTooLongError('e-mail', bodyLength, EMAIL_BODY_MAX_CHARACTERS, 'characters');
}
