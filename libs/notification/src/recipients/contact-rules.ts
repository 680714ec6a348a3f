import { normaliseKoreanMobile } from '@goodpay/personal-data';
import { InvalidInputError } from '@goodpay/shared';

export interface ContactInput {
  phone?: string | null;
  email?: string | null;
}

/** A person's contact details in their one stored form. */
export interface Contact {
  phone: string | null;
  email: string | null;
}

// Deliberately simple: one @, no spaces, a dot in the domain. Delivery proves the rest.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/**
 * Normalises what a person typed: the phone to 01012345678 (invalid_phone otherwise), the
 * e-mail trimmed and lower-cased. At least one is needed. Messages never echo the values.
 */
export function normaliseContact(input: ContactInput): Contact {
  const phone = input.phone ? normaliseKoreanMobile(input.phone) : null;
  const email = input.email ? input.email.trim().toLowerCase() : null;
  if (email !== null && (email.length > 254 || !EMAIL.test(email))) {
    throw new InvalidInputError('email must be an e-mail address such as name@example.kr', undefined, 'invalid_email');
  }
  if (phone === null && email === null) {
    throw new InvalidInputError('give a phone number, an e-mail address or both', undefined, 'contact_required');
  }
  return { phone, email };
}
