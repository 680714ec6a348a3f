import { InvalidInputError } from '@goodpay/shared';

/**
 * Korean business registration number (사업자등록번호): 10 digits, written 123-45-67890.
 * The last digit checks the first nine: weights 1,3,7,1,3,7,1,3,5, plus floor(9th digit * 5 / 10);
 * the check digit is (10 - sum % 10) % 10.
 */
const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5];
/** Ten digits, bare or dashed 3-2-5; nothing in between. */
const SHAPE = /^(\d{10}|\d{3}-\d{2}-\d{5})$/;

export function businessRegistrationCheckDigit(firstNineDigits: string): number {
  const digits = [...firstNineDigits].map(Number);
  const weighted = WEIGHTS.reduce((sum, weight, index) => sum + weight * digits[index], 0);
  const sum = weighted + Math.floor((digits[8] * 5) / 10);
  return (10 - (sum % 10)) % 10;
}

export function isBusinessRegistrationNumber(value: unknown): value is string {
  if (typeof value !== 'string' || !SHAPE.test(value)) return false;
  const digits = value.replace(/-/g, '');
  return businessRegistrationCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/** The number as its 10 bare digits, or invalid_business_registration_number (400). */
export function businessRegistrationNumber(value: unknown): string {
  if (!isBusinessRegistrationNumber(value)) {
    throw new InvalidInputError(
      'businessRegistrationNumber must be 10 digits (123-45-67890) with a valid check digit',
      { field: 'businessRegistrationNumber', value },
      'invalid_business_registration_number',
    );
  }
  return value.replace(/-/g, '');
}

/** 1234567891 -> 123-45-67891, the way it is printed on the certificate. */
export const formatBusinessRegistrationNumber = (digits: string): string =>
  `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
