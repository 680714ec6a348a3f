import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a fresh random 96-bit nonce per message. The output is
 * nonce (12) | tag (16) | ciphertext. `context` is authenticated but not stored: it binds a
 * ciphertext to what it belongs to (a subject, a photo), so one cannot be passed off as another.
 */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const AEAD_OVERHEAD = NONCE_BYTES + TAG_BYTES;

export function encrypt(key: Buffer, plaintext: Buffer, context: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]);
}

/** The plaintext, or null when the box was altered, is for another context, or under another key. */
export function decrypt(key: Buffer, box: Buffer, context: string): Buffer | null {
  if (box.length < AEAD_OVERHEAD) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(box.subarray(NONCE_BYTES, AEAD_OVERHEAD));
    return Buffer.concat([decipher.update(box.subarray(AEAD_OVERHEAD)), decipher.final()]);
  } catch {
    return null;
  }
}
