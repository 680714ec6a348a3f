import { randomBytes } from 'node:crypto';
import { decrypt, encrypt } from './aead';

describe('AES-256-GCM boxes', () => {
  const key = randomBytes(32);
  const plaintext = Buffer.from('홍길동 010-1234-5678');

  it('opens what it sealed, and seals the same text differently each time', () => {
    const a = encrypt(key, plaintext, 'subject-a');
    const b = encrypt(key, plaintext, 'subject-a');
    expect(a.equals(b)).toBe(false);
    expect(decrypt(key, a, 'subject-a')).toEqual(plaintext);
  });

  it('refuses a box with any byte changed', () => {
    const box = encrypt(key, plaintext, 'subject-a');
    for (let i = 0; i < box.length; i++) {
      const altered = Buffer.from(box);
      altered[i] ^= 0x01;
      expect(decrypt(key, altered, 'subject-a')).toBeNull();
    }
  });

  it('refuses another context, another key, and a box too short to be one', () => {
    const box = encrypt(key, plaintext, 'subject-a');
    expect(decrypt(key, box, 'subject-b')).toBeNull();
    expect(decrypt(randomBytes(32), box, 'subject-a')).toBeNull();
    expect(decrypt(key, box.subarray(0, 20), 'subject-a')).toBeNull();
  });
});
