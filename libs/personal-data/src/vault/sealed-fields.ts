import { InvalidInputError } from '@goodpay/shared';
import { decrypt, encrypt } from '../crypto/aead';

/**
 * The opaque form of a subject's fields that events carry: 'pd1.' + base64url of an
 * AES-256-GCM box of their JSON, under the subject's key and bound to the subject id.
 * The prefix names the format so a later one can be told apart when read.
 */
const PREFIX = 'pd1.';
const fieldsContext = (subjectId: string) => `goodpay/personal-data/fields/v1:${subjectId}`;

export type PersonalFields = Record<string, string>;

export function checkFields(fields: PersonalFields): void {
  const valid =
    typeof fields === 'object' &&
    fields !== null &&
    !Array.isArray(fields) &&
    Object.values(fields).every((value) => typeof value === 'string');
  if (!valid) {
    throw new InvalidInputError('personal fields must be an object of text values', undefined, 'invalid_personal_fields');
  }
}

export function sealFields(key: Buffer, subjectId: string, fields: PersonalFields): string {
  const box = encrypt(key, Buffer.from(JSON.stringify(fields), 'utf8'), fieldsContext(subjectId));
  return PREFIX + box.toString('base64url');
}

/** The box inside a sealed string, or null when the string is not one. */
export function boxOf(sealed: string): Buffer | null {
  if (typeof sealed !== 'string' || !sealed.startsWith(PREFIX)) return null;
  const body = sealed.slice(PREFIX.length);
  return /^[A-Za-z0-9_-]+$/.test(body) ? Buffer.from(body, 'base64url') : null;
}

/** The fields, or null when the box was altered or is not this subject's under this key. */
export function openFields(key: Buffer, subjectId: string, box: Buffer): PersonalFields | null {
  const plaintext = decrypt(key, box, fieldsContext(subjectId));
  return plaintext ? (JSON.parse(plaintext.toString('utf8')) as PersonalFields) : null;
}
