import { normaliseKoreanMobile } from './korean-mobile';

describe('normaliseKoreanMobile', () => {
  it.each([
    ['010-1234-5678', '01012345678'],
    ['01012345678', '01012345678'],
    [' 010 1234 5678 ', '01012345678'],
    ['010.1234.5678', '01012345678'],
    ['(010) 1234-5678', '01012345678'],
    ['+82 10 1234 5678', '01012345678'],
    ['+82-10-1234-5678', '01012345678'],
    ['+82 (0)10 1234 5678', '01012345678'],
    ['0082 10 1234 5678', '01012345678'],
    ['011-123-4567', '0111234567'],
    ['016-1234-5678', '01612345678'],
    ['019-123-4567', '0191234567'],
  ])('%s -> %s', (typed, normalised) => {
    expect(normaliseKoreanMobile(typed)).toBe(normalised);
  });

  it.each([
    ['a landline', '02-123-4567'],
    ['an unused prefix', '012-1234-5678'],
    ['too short', '010-123-456'],
    ['too long', '010-1234-56789'],
    ['letters', '010-CALL-ME00'],
    ['another country', '+1 010 1234 5678'],
    ['empty', ''],
    ['a plus inside', '010+1234+5678'],
  ])('refuses %s with invalid_phone, without echoing it', (_, typed) => {
    expect(() => normaliseKoreanMobile(typed)).toThrow(expect.objectContaining({ code: 'invalid_phone', status: 400 }));
    try {
      normaliseKoreanMobile(typed);
    } catch (error) {
      if (typed) expect((error as Error).message).not.toContain(typed);
    }
  });

  it('refuses what is not text', () => {
    expect(() => normaliseKoreanMobile(undefined as unknown as string)).toThrow(expect.objectContaining({ code: 'invalid_phone' }));
    expect(() => normaliseKoreanMobile(1012345678 as unknown as string)).toThrow(expect.objectContaining({ code: 'invalid_phone' }));
  });
});
