import { InvalidInputError } from '@goodpay/shared';
import { normaliseKoreanMobile } from '../phone/korean-mobile';

/**
 * How a person is recognised when they come back: by a Korean mobile number today. A
 * verified identity (PortOne's CI, issue 11) becomes another scheme beside it, indexed the
 * same way; the subject id in the events does not change with the scheme.
 */
export type IdentityScheme = 'korean_mobile';

export interface PersonIdentity {
  scheme: IdentityScheme;
  value: string;
}

export const phoneIdentity = (phone: string): PersonIdentity => ({ scheme: 'korean_mobile', value: phone });

/** The one written form of an identity that is indexed; invalid_phone (400) for a bad number. */
export function normaliseIdentity(identity: PersonIdentity): PersonIdentity {
  switch (identity?.scheme) {
    case 'korean_mobile':
      return { scheme: 'korean_mobile', value: normaliseKoreanMobile(identity.value) };
    default:
      throw new InvalidInputError('unknown identity scheme', undefined, 'invalid_identity');
  }
}
