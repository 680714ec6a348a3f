import type { Provider } from '@nestjs/common';
import { deriveKeys, PERSONAL_DATA_KEYS } from './personal-data-keys';

/** Internal token: the keys derived from PERSONAL_DATA_KEYS, once per process. */
export const DERIVED_KEYS = Symbol('PERSONAL_DATA_DERIVED_KEYS');

export const derivedKeysProvider: Provider = {
  provide: DERIVED_KEYS,
  useFactory: deriveKeys,
  inject: [PERSONAL_DATA_KEYS],
};
