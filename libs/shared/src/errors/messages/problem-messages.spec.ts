import { fillMessage, languageOf, parametersOf } from './problem-messages';
import { problemText } from './problem-text';

describe('problem messages', () => {
  it('answers in Korean unless the request prefers English', () => {
    expect(languageOf(undefined)).toBe('ko');
    expect(languageOf('')).toBe('ko');
    expect(languageOf('fr-FR, de')).toBe('ko');
    expect(languageOf('en')).toBe('en');
    expect(languageOf('en-US,en;q=0.9')).toBe('en');
    expect(languageOf('ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ko');
    expect(languageOf('ko;q=0.5, EN;q=0.8')).toBe('en');
    expect(languageOf('en;q=0, ko')).toBe('ko');
    expect(languageOf(['fr', 'en'])).toBe('en');
  });

  it('fills parameters, and leaves out a bracketed part whose parameter is unknown', () => {
    expect(fillMessage('금액이 올바르지 않습니다[ ({field})].', { field: 'amount' })).toBe('금액이 올바르지 않습니다 (amount).');
    expect(fillMessage('금액이 올바르지 않습니다[ ({field})].', {})).toBe('금액이 올바르지 않습니다.');
    expect(fillMessage('[{n}초 후 ]다시', { n: 60 })).toBe('60초 후 다시');
    expect(fillMessage('{won}원', { won: 2_825_000 })).toBe('2,825,000원');
    expect(fillMessage('{won}원', { won: 9_007_199_254_740_993n })).toBe('9,007,199,254,740,993원');
    expect(fillMessage('{a} and {b}', { a: ['x', 'y'] })).toBe('x, y and ');
    expect(fillMessage('{a}', { a: { nested: true } })).toBe('');
    expect(parametersOf('[{field}] {max} {field}')).toEqual(['field', 'field', 'max']);
  });

  it("titles by status and details by code, keeping the thrower's message for a code not yet in the catalogue", () => {
    expect(problemText('phone_not_verified', 422, 'ko', {}, 'verify first')).toEqual({
      title: '처리할 수 없는 요청',
      detail: expect.stringContaining('인증번호'),
    });
    expect(problemText('phone_not_verified', 422, 'en', {}, 'verify first')).toEqual({
      title: 'Unprocessable Entity',
      detail: expect.stringContaining('one-time code'),
    });
    expect(problemText('a_code_from_tomorrow', 499, 'ko', {}, 'its own words')).toEqual({ title: '오류', detail: 'its own words' });
    expect(problemText('toString', 400, 'en', {}, 'own')).toEqual({ title: 'Bad Request', detail: 'own' });
  });
});
