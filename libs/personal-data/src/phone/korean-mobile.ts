import { InvalidInputError } from '@goodpay/shared';

/** Written forms people type: digits with spaces, dashes, dots or brackets, optionally +82 / 0082. */
const TYPED_FORM = /^\+?[\d\s.()-]+$/;
/** 010, 011, 016, 017, 018, 019, then 7 or 8 digits: 10 or 11 digits in all. */
const MOBILE = /^01[016789]\d{7,8}$/;

const invalidPhone = (): InvalidInputError =>
  // The message never echoes the number: it is personal data and messages end up in logs.
  new InvalidInputError('phone must be a Korean mobile number such as 010-1234-5678', undefined, 'invalid_phone');

/**
 * The one form a Korean mobile number is stored, hashed and compared in: digits only, with
 * the leading 0 ('010-1234-5678', '+82 10 1234 5678', '+82 (0)10 1234 5678' -> '01012345678').
 * Anything else is invalid_phone (400).
 */
export function normaliseKoreanMobile(phone: string): string {
  const typed = typeof phone === 'string' ? phone.trim() : '';
  if (!TYPED_FORM.test(typed)) throw invalidPhone();
  if (typed.startsWith('+') && !typed.startsWith('+82')) throw invalidPhone();
  let digits = typed.replace(/\D/g, '');
  if (typed.startsWith('+82') || digits.startsWith('0082')) {
    // The country code replaces the trunk 0, which some still write as '(0)'.
    digits = digits.replace(/^(00)?82/, '');
    if (!digits.startsWith('0')) digits = `0${digits}`;
  }
  if (!MOBILE.test(digits)) throw invalidPhone();
  return digits;
}
