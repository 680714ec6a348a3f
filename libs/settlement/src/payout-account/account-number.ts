import { InvalidInputError } from '@goodpay/shared';
import { koreanBank } from './bank-codes';

/**
 * Korean deposit account numbers are 10 to 14 digits (e.g. 카카오뱅크 13, 토스뱅크 12, KB국민
 * 12 or 14, 우체국 14); the dashes people write are only grouping and differ per bank. So:
 * dashes and spaces are dropped, then digits only, 10 to 14 of them. Whether the account really
 * exists, and whose it is, is what the account-holder check answers.
 */
export const ACCOUNT_NUMBER_DIGITS = { min: 10, max: 14 } as const;

export function normaliseAccountNumber(input: unknown): string {
  if (typeof input !== 'string')
    throw new InvalidInputError('accountNumber must be text', { field: 'accountNumber' }, 'invalid_account_number');
  const digits = input.replace(/[\s-]/g, '');
  const { min, max } = ACCOUNT_NUMBER_DIGITS;
  if (!/^\d+$/.test(digits) || digits.length < min || digits.length > max) {
    throw new InvalidInputError(
      `accountNumber must be ${min} to ${max} digits (dashes and spaces are ignored)`,
      { field: 'accountNumber' },
      'invalid_account_number',
    );
  }
  return digits;
}

export function checkBankCode(input: unknown): string {
  if (typeof input !== 'string' || !koreanBank(input)) {
    throw new InvalidInputError(
      'bankCode must be a three-digit Korean financial institution code from the list',
      { field: 'bankCode' },
      'unknown_bank_code',
    );
  }
  return input;
}

/** Lists and statements show the last four digits only: *********5678. */
export function maskAccountNumber(digits: string): string {
  return '*'.repeat(Math.max(0, digits.length - 4)) + digits.slice(-4);
}
