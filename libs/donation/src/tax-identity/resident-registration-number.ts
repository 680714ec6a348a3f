import { InvalidInputError } from '@goodpay/shared';
import { ntsEncodable } from '../nts/nts-bulk-file';

/**
 * A resident registration number (주민등록번호): six digits of birth date, then a seventh that
 * tells the century and sex (1-4 citizens, 5-8 foreign residents; 9/0 born in the 1800s), then
 * six more. Numbers given since October 2020 no longer carry a check digit that can be
 * verified, so only the shape and the birth date are checked.
 */
const SHAPE = /^(\d{6})-?([1-8])(\d{6})$/;
const CENTURY: Record<string, number> = { '1': 1900, '2': 1900, '3': 2000, '4': 2000, '5': 1900, '6': 1900, '7': 2000, '8': 2000 };

/** The 13 digits, or invalid_resident_registration_number (400). */
export function residentRegistrationNumber(value: unknown): string {
  const match = typeof value === 'string' ? SHAPE.exec(value.trim()) : null;
  const invalid = () =>
    new InvalidInputError(
      'the resident registration number must be 13 digits: YYMMDD-NNNNNNN with a real birth date',
      { field: 'residentRegistrationNumber' },
      'invalid_resident_registration_number',
    );
  if (!match) throw invalid();
  const [, birth, gender, rest] = match;
  const year = CENTURY[gender] + Number(birth.slice(0, 2));
  const month = Number(birth.slice(2, 4));
  const day = Number(birth.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw invalid();
  return `${birth}${gender}${rest}`;
}

/** As people are shown it: `900101-1******` (the birth date and the seventh digit only). */
export function maskResidentRegistrationNumber(digits: string): string {
  return `${digits.slice(0, 6)}-${digits.slice(6, 7)}******`;
}

/**
 * A legal name as printed on a tax receipt: 1 to 50 characters, no control characters, and only
 * characters the NTS file's encoding can hold (else it would be filed with `?` in it).
 */
export function legalName(value: unknown): string {
  const name = typeof value === 'string' ? value.normalize('NFC').trim() : '';
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > 50 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new InvalidInputError('the legal name must be 1 to 50 characters', { field: 'legalName' }, 'invalid_legal_name');
  }
  if (!ntsEncodable(name)) {
    throw new InvalidInputError(
      'the legal name has a character the tax filing cannot hold (Hangul, Latin letters without accents and common hanja are fine)',
      { field: 'legalName' },
      'invalid_legal_name',
    );
  }
  return name;
}
