import { hkdfSync } from 'node:crypto';

/**
 * The two secrets of the personal-data vault, from the app's configuration (never from the
 * database): `masterKey` wraps each person's own data key and keys the identity -> subject
 * index; `hashKey` only recognises the person ids written before subjects were random
 * (HMAC of the phone, see README "Data written before random subjects"). Any string (base64
 * or not): what is used is a 32-byte key derived from it with HKDF-SHA256, one per purpose.
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
  /**
   * HMAC-SHA256 key of the identity -> subject index. From the master key on purpose: whoever
   * holds it can read every living person anyway, so the index adds nothing for them, and
   * the hash key is left with the legacy ids alone (and can be retired, see README).
   */
  subjectIndex: Buffer;
  /** HMAC-SHA256 key of the legacy person ids ('person-' + HMAC of the phone). */
  legacyPersonId: Buffer;
}

const SALT = 'goodpay/personal-data';

const derive = (secret: string, info: string): Buffer => Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), SALT, info, 32));

/** Refuses missing keys loudly: a vault without keys must not start. */
export function deriveKeys(keys: PersonalDataKeys): DerivedKeys {
  for (const name of ['masterKey', 'hashKey'] as const) {
    if (typeof keys?.[name] !== 'string' || keys[name].length === 0) {
      throw new Error(`PersonalDataModule: ${name} is missing`);
    }
  }
  return {
    keyWrapping: derive(keys.masterKey, 'key-wrapping/v1'),
    subjectIndex: derive(keys.masterKey, 'subject-index/v1'),
    legacyPersonId: derive(keys.hashKey, 'person-id/v1'),
  };
}
