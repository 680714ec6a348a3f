import fc from 'fast-check';
import {
  formatPrepaymentCode,
  isPrepaymentCode,
  normalisePrepaymentCode,
  PREPAYMENT_CODE_ALPHABET,
  prepaymentCode,
} from './prepayment-code';

describe('prepayment code', () => {
  it('maps each byte to one character of the alphabet', () => {
    expect(formatPrepaymentCode(Uint8Array.from([0, 1, 31, 32, 63, 200, 255, 10]))).toBe('01Z0Z8ZA');
  });

  it('always gives a valid code from enough random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 16 }), (bytes) => {
        const code = formatPrepaymentCode(bytes);
        expect(isPrepaymentCode(code)).toBe(true);
        expect(normalisePrepaymentCode(code)).toBe(code);
      }),
    );
  });

  it('needs 8 bytes', () => {
    expect(() => formatPrepaymentCode(new Uint8Array(7))).toThrow(RangeError);
  });

  it('uses no character that reads as another', () => {
    expect(PREPAYMENT_CODE_ALPHABET).toHaveLength(32);
    expect(PREPAYMENT_CODE_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('reads a typed code the way it was meant', () => {
    expect(normalisePrepaymentCode('abcd-efgh')).toBe('ABCDEFGH');
    expect(normalisePrepaymentCode('o1il 2345')).toBe('01112345');
  });

  it('refuses anything else with a stable code', () => {
    for (const invalid of ['ABCDEFG', 'ABCDEFGHJ', 'ABCDEFGI', 'abcdefgh', 'ABCD-EFG', 12345678]) {
      expect(isPrepaymentCode(invalid)).toBe(false);
    }
    expect(() => prepaymentCode('ABCDEFGU')).toThrow(expect.objectContaining({ code: 'invalid_prepayment_code', status: 400 }));
  });
});
