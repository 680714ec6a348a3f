import { stringifyExact } from './exact-json';

describe('stringifyExact', () => {
  it('writes a bigint as a JSON integer, digit for digit, at any size', () => {
    expect(stringifyExact({ total: 18_014_398_509_481_983n, items: [{ amount: 7_000 }], debt: -1n })).toBe(
      '{"total":18014398509481983,"items":[{"amount":7000}],"debt":-1}',
    );
  });

  it('leaves strings alone, even ones that read like the mark', () => {
    expect(JSON.parse(stringifyExact({ name: 'exact-integer:12', other: '\\u0000exact-integer:1' }))).toEqual({
      name: 'exact-integer:12',
      other: '\\u0000exact-integer:1',
    });
  });

  it('is plain JSON otherwise', () => {
    const value = { a: [1, 'two', null, true], b: { c: 1.5 } };
    expect(stringifyExact(value)).toBe(JSON.stringify(value));
  });
});
