import { join } from 'node:path';
import { LANGUAGES, MESSAGE_FILES, parametersOf, PROBLEM_MESSAGES } from '@goodpay/shared';
import { FASTIFY_CODES, STATUS_CODE_NAMES } from '../../apps/api/src/errors/problem';
import { raisedCodes } from './support/raised-codes';

/**
 * Korean first, English on request: every problem code the code base can raise has its words in
 * both languages in the one catalogue (libs/shared/src/errors/messages/catalogue). The codes are
 * read from the source (the error classes and their constructors, test/repository/support/
 * raised-codes.ts), so a new code without its words fails here, naming the code, the language it
 * lacks and where it is raised.
 */
describe('the problem message catalogue', () => {
  const root = join(__dirname, '..', '..');
  const { codes: raised, templates, unresolved } = raisedCodes(root);
  /** The values of each code built at run time, as its source reads: a new template must be listed here. */
  const BUILT_CODES: Record<string, string[]> = {
    // PaymentCheck's mismatch (libs/prepayment/src/payment-gateway/portone/portone-confirmations.ts): store, currency or amount.
    '`payment_${check.mismatch}_mismatch`': ['payment_store_mismatch', 'payment_currency_mismatch', 'payment_amount_mismatch'],
    // NotFoundError and ProviderUnavailableError themselves: their nouns are read at each `new`.
    '`${what}_not_found`': [],
    '`${service}_unavailable`': [],
  };
  for (const [template, where] of templates) for (const code of BUILT_CODES[template] ?? []) if (!raised.has(code)) raised.set(code, where);
  for (const code of Object.values(STATUS_CODE_NAMES))
    if (!raised.has(code)) raised.set(code, 'apps/api/src/errors/problem.ts (by HTTP status)');
  for (const code of Object.values(FASTIFY_CODES)) if (!raised.has(code)) raised.set(code, 'apps/api/src/errors/problem.ts (Fastify)');

  it('finds the codes the code base raises, in every way it raises them', () => {
    // One of each way: a literal code, a code parameter's default, a helper's code argument, a noun.
    for (const code of [
      'phone_code_invalid',
      'invalid_input',
      'forbidden',
      'invalid_amount',
      'prepayment_not_found',
      'payment_gateway_unavailable',
    ]) {
      expect([code, raised.has(code)]).toEqual([code, true]);
    }
    expect(raised.size).toBeGreaterThan(200);
  });

  it('knows the values of every code built at run time, and finds no code it cannot read', () => {
    const unknown = [...templates].filter(([template]) => !(template in BUILT_CODES)).map(([template, where]) => `${template} at ${where}`);
    expect(unknown).toEqual([]);
    // A code handed over in a variable: spell it at the throw, or pass it as a function's `code` parameter.
    expect([...unresolved].map(([expression, where]) => `${expression} at ${where}`)).toEqual([]);
  });

  it('has every raised code in Korean and in English', () => {
    const missing = [...raised]
      .flatMap(([code, where]) => {
        const entry = PROBLEM_MESSAGES[code] as Partial<Record<string, string>> | undefined;
        const lacking = LANGUAGES.filter((language) => !entry?.[language]?.trim());
        return lacking.length ? [`${code} lacks ${lacking.join(' and ')} (raised at ${where})`] : [];
      })
      .sort();
    expect(missing).toEqual([]);
  });

  it('says the same parameters in both languages, and keeps each code in one file only', () => {
    const mismatched = Object.entries(PROBLEM_MESSAGES)
      .filter(([, entry]) => parametersOf(entry.ko).join() !== parametersOf(entry.en).join())
      .map(([code, entry]) => `${code}: ko {${parametersOf(entry.ko).join(', ')}} but en {${parametersOf(entry.en).join(', ')}}`);
    expect(mismatched).toEqual([]);
    const fileOf = new Map<string, string>();
    const twice: string[] = [];
    for (const [file, entries] of Object.entries(MESSAGE_FILES)) {
      for (const code of Object.keys(entries)) {
        if (fileOf.has(code)) twice.push(`${code} is in ${fileOf.get(code)} and ${file}`);
        fileOf.set(code, file);
      }
    }
    expect(twice).toEqual([]);
  });

  it('says Korean in Korean: every Korean text has Hangul, and no English text does', () => {
    const notKorean = Object.entries(PROBLEM_MESSAGES)
      .filter(([, entry]) => !/[\uAC00-\uD7A3]/.test(entry.ko))
      .map(([code]) => code);
    expect(notKorean).toEqual([]);
    const notEnglish = Object.entries(PROBLEM_MESSAGES)
      .filter(([, entry]) => /[\uAC00-\uD7A3]/.test(entry.en))
      .map(([code]) => code);
    expect(notEnglish).toEqual([]);
  });
});
