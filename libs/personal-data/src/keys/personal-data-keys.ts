import { hkdfSync } from 'node:crypto';

/**
 * The two secrets of the personal-data vault, from the app's configuration (never from the
 * database): `masterKey` wraps each person's own data key, `hashKey` keys the hash that turns
 * a phone number into a pseudonymous person id. Any string (base64 or not): what is used is
 * a 32-byte key derived from it with HKDF-SHA256, a different one per purpose.
 */
export interface PersonalDataKeys {
  masterKey: string;
  hashKey: string;
}

/** Nest token under which `PersonalDataModule.forRoot` provides the keys. */
export const PERSONAL_DATA_KEYS = Symbol('PERSONAL_DATA_KEYS');

/** The keys actually used, derived once. */
export interface DerivedKeys {
  /** AES-256-GCM key that wraps the per-subject data keys. */
  keyWrapping: Buffer;
  /** HMAC-SHA256 key of the person id. */
  personId: Buffer;
}

const SALT = 'goodpay/personal-data';

const derive = (secret: string, info: string): Buffer =>
  Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), SALT, info, 32));

/** Refuses missing keys loudly: a vault without keys must not start. */
export function deriveKeys(keys: PersonalDataKeys): DerivedKeys {
  for (const name of ['masterKey', 'hashKey'] as const) {
    if (typeof keys?.[name] !== 'string' || keys[name].length === 0) {
      throw new Error(`PersonalDataModule: ${name} is missing`);
    }
  }
  return {
    keyWrapping: derive(keys.masterKey, 'key-wrapping/v1'),
    personId: derive(keys.hashKey, 'person-id/v1'),
  };
}
