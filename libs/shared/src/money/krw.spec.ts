import { krwFigure, positiveKrw, sumKrw } from './krw';
import { KRW_LIMITS } from './limits';

describe('money', () => {
  it('takes a positive whole amount up to its maximum, and nothing else', () => {
    const limit = KRW_LIMITS.monthlyCashback;
    expect(positiveKrw(limit.max, limit)).toBe(limit.max);
    for (const bad of [
      0,
      -1,
      0.5,
      limit.max + 1,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 2,
      1e308,
      Infinity,
      NaN,
      '100',
      null,
      10n,
    ]) {
      expect(() => positiveKrw(bad, limit, 'amount', 'invalid_amount')).toThrow(
        expect.objectContaining({ code: 'invalid_amount', status: 400 }),
      );
    }
  });

  it('keeps every maximum a safe integer, with its reason', () => {
    for (const limit of Object.values(KRW_LIMITS)) {
      expect(Number.isSafeInteger(limit.max) && limit.max > 0).toBe(true);
      expect(limit.why.length).toBeGreaterThan(20);
    }
  });

  it('reads and sums figures exactly past 2^53', () => {
    expect(krwFigure('18014398509481983')).toBe(18_014_398_509_481_983n);
    expect(krwFigure(null)).toBe(0n);
    expect(sumKrw([9_007_199_254_740_991, 9_007_199_254_740_991, 1])).toBe(18_014_398_509_481_983n);
    expect(sumKrw([])).toBe(0n);
    expect(() => krwFigure('1.5')).toThrow();
    expect(() => krwFigure(0.5)).toThrow();
  });
});
