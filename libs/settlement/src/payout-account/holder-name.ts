import { InvalidInputError } from '@goodpay/shared';

export const MAX_HOLDER_NAME_LENGTH = 60;

/** Corporate-form markers banks print around a company's name; they are not part of the name. */
const CORPORATE_MARKERS = ['주식회사', '유한회사', '합자회사', '합명회사', '(주)', '(유)', '(사)', '사단법인', '재단법인'];

/**
 * A holder name as compared: NFKC (so ㈜ becomes (주), full-width letters become ASCII, and
 * decomposed jamo compose), case-folded, every space removed (banks print 홍 길 동 and 홍길동
 * alike), corporate-form markers dropped.
 */
export function normaliseHolderName(name: string): string {
  let text = name.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
  for (const marker of CORPORATE_MARKERS) text = text.split(marker).join('');
  return text;
}

/**
 * A name goes into spreadsheet cells staff open: one starting like a formula (= + - @) or
 * holding control characters (tabs, line breaks) could run or break rows there, and no bank
 * prints a holder so.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE_IN_A_CELL = /^[=+\-@]|[\u0000-\u001f\u007f]/u;

export function checkHolderName(input: unknown): string {
  const name = typeof input === 'string' ? input.normalize('NFKC').trim() : '';
  if (name === '' || name.length > MAX_HOLDER_NAME_LENGTH || normaliseHolderName(name) === '' || UNSAFE_IN_A_CELL.test(name)) {
    throw new InvalidInputError(
      `holderName must be 1 to ${MAX_HOLDER_NAME_LENGTH} characters`,
      { field: 'holderName' },
      'invalid_holder_name',
    );
  }
  return name;
}

/**
 * The rule a settlement account's holder must meet: the name the bank returns for the account
 * is the shop's registered business name, or a sole proprietor's account printed as
 * `대표자(상호)` or `상호(대표자)` where the part in or before the brackets is the business name.
 * Compared after normaliseHolderName. Money for a shop goes only to an account in the shop's
 * own name, never to whoever registered the shop.
 */
export function holderMatchesBusiness(bankHolderName: string, businessName: string): boolean {
  const business = normaliseHolderName(businessName);
  if (business === '') return false;
  const holder = normaliseHolderName(bankHolderName);
  if (holder === business) return true;
  const bracketed = /^(.+)\((.+)\)$/u.exec(holder);
  return bracketed !== null && (bracketed[1] === business || bracketed[2] === business);
}
