import { InvalidInputError } from '@goodpay/shared';
import { normaliseKoreanMobile } from '../phone/korean-mobile';

/**
 * How a person is recognised when they come back: by a Korean mobile number today. A
 * verified identity (PortOne's CI, issue 11) becomes another scheme beside it, indexed the
 * same way; the subject id in the events does not change with the scheme.
 */
export type IdentityScheme = 'korean_mobile' | 'verified_ci' | 'payment_card';

export interface PersonIdentity {
  scheme: IdentityScheme;
  value: string;
}

export const phoneIdentity = (phone: string): PersonIdentity => ({ scheme: 'korean_mobile', value: phone });

/**
 * A person as an identity-verification provider names them: the connecting information (CI,
 * 88 characters of base64 in Korea's scheme), the same person across services and phones.
 */
export const verifiedIdentity = (ci: string): PersonIdentity => ({ scheme: 'verified_ci', value: ci });

/**
 * A payment card by its number (the local-currency card a cashback is paid on): one random
 * subject per card, so the card issuer's figures and a citizen's report meet on a key that
 * neither the log nor the tables can turn back into the number.
 */
export const paymentCardIdentity = (cardNumber: string): PersonIdentity => ({ scheme: 'payment_card', value: cardNumber });

const CI_PATTERN = /^[A-Za-z0-9+/=_-]{16,200}$/;

/** The one written form of an identity that is indexed; invalid_phone (400) for a bad number. */
export function normaliseIdentity(identity: PersonIdentity): PersonIdentity {
  switch (identity?.scheme) {
    case 'korean_mobile':
      return { scheme: 'korean_mobile', value: normaliseKoreanMobile(identity.value) };
    case 'verified_ci': {
      const ci = typeof identity.value === 'string' ? identity.value.trim() : '';
      if (!CI_PATTERN.test(ci)) throw new InvalidInputError('not a connecting-information value', undefined, 'invalid_identity');
      return { scheme: 'verified_ci', value: ci };
    }
    case 'payment_card': {
      const digits = typeof identity.value === 'string' ? identity.value.replace(/[ -]/g, '') : '';
      if (!/^\d{12,19}$/.test(digits)) throw new InvalidInputError('not a card number', undefined, 'invalid_card_reference');
      return { scheme: 'payment_card', value: digits };
    }
    default:
      throw new InvalidInputError('unknown identity scheme', undefined, 'invalid_identity');
  }
}
