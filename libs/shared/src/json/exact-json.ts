/**
 * JSON for answers in which money may be a bigint (`KrwFigure`), for HTTP answers and the CLI: a bigint is written as a JSON
 * integer, digit for digit, so `18014398509481983` stays that number in the text. (Plain
 * JSON.stringify refuses bigints; turning them into strings would give money two shapes.)
 *
 * How: the replacer stands each bigint in as a marked string, and the marked strings are then
 * unquoted. The mark starts with NUL, which JSON.stringify always escapes as `\u0000`, and
 * which no text from PostgreSQL can hold, so no other value can look like it.
 */
const MARK = '\u0000exact-integer:';
const MARKED = /"\\u0000exact-integer:(-?\d+)"/g;

const replacer = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? `${MARK}${value}` : value);

export function stringifyExact(payload: unknown, space?: number): string {
  const text = JSON.stringify(payload, replacer, space);
  return text.includes('\\u0000exact-integer:') ? text.replace(MARKED, '$1') : text;
}
