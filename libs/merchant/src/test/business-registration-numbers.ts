import { randomInt } from 'node:crypto';
import { businessRegistrationCheckDigit } from '../business-registration-number/business-registration-number';

/** A random business registration number with a valid check digit, dashed 123-45-67890. */
export function aBusinessRegistrationNumber(): string {
  const nine = String(randomInt(100_000_000, 1_000_000_000));
  const digits = `${nine}${businessRegistrationCheckDigit(nine)}`;
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}
