import { addDays, type CalendarDate } from '@goodpay/shared';
import { InvalidInputError } from '@goodpay/shared';

/**
 * Lotto 6/45 (동행복권): draw 1 was on Saturday 2002-12-07 and there is one draw every
 * Saturday evening (about 20:35 KST), so draw n falls on 2002-12-07 + 7(n-1) days. Six distinct
 * numbers from 1 to 45 and a bonus number distinct from them; anyone can look them up.
 */
export const LOTTO_645_FIRST_DRAW: CalendarDate = '2002-12-07';

export const lottoDrawDate = (drawNumber: number): CalendarDate => addDays(LOTTO_645_FIRST_DRAW, 7 * (drawNumber - 1));

/** The six numbers then the bonus, as decimal strings, checked. */
export function lottoNumbers(values: unknown, source: number): string[] {
  const refuse = (why: string): never => {
    throw new InvalidInputError(`source ${source + 1} (Lotto 6/45): ${why}`, { field: `numbers[${source}]` }, 'invalid_lotto_numbers');
  };
  if (!Array.isArray(values) || values.length !== 7) refuse('give the six numbers and then the bonus number');
  const numbers = (values as unknown[]).map((v) => (typeof v === 'string' && /^[0-9]{1,2}$/.test(v) ? Number(v) : NaN));
  if (numbers.some((n) => !Number.isInteger(n) || n < 1 || n > 45)) refuse('each number is a whole number from 1 to 45');
  if (new Set(numbers).size !== 7) refuse('the six numbers and the bonus are all different');
  return numbers.map(String);
}
