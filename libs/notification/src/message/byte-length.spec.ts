import { smsByteLength } from './byte-length';
import { LMS_MAX_BYTES, SMS_MAX_BYTES, textMessageTypeFor } from './channel-limits';

describe('SMS byte length (EUC-KR counting)', () => {
  it('counts ASCII as 1 byte and Hangul as 2', () => {
    expect(smsByteLength('abc 123')).toBe(7);
    expect(smsByteLength('선결제')).toBe(6);
    expect(smsByteLength('[착한 선결제] 10,000원')).toBe(1 + 4 + 1 + 6 + 1 + 1 + 6 + 2);
  });

  it('counts any other non-ASCII character as 2, an emoji (surrogate pair) included', () => {
    expect(smsByteLength('é')).toBe(2);
    expect(smsByteLength('★')).toBe(2);
    expect(smsByteLength('🎉')).toBe(2);
  });
});

describe('SMS or LMS', () => {
  it('is SMS up to 90 bytes: 45 Hangul syllables fit, 46 do not', () => {
    expect(textMessageTypeFor('가'.repeat(45))).toBe('sms');
    expect(textMessageTypeFor('가'.repeat(46))).toBe('lms');
  });

  it('puts the boundary at exactly 90 bytes with mixed text', () => {
    const ninety = `${'가'.repeat(44)}ab`;
    expect(textMessageTypeFor(ninety)).toBe('sms');
    expect(textMessageTypeFor(`${ninety}c`)).toBe('lms');
    expect(textMessageTypeFor('a'.repeat(SMS_MAX_BYTES))).toBe('sms');
  });

  it('is LMS up to 2,000 bytes and refused beyond', () => {
    expect(textMessageTypeFor('가'.repeat(LMS_MAX_BYTES / 2))).toBe('lms');
    expect(() => textMessageTypeFor(`${'가'.repeat(LMS_MAX_BYTES / 2)}a`)).toThrow(
      expect.objectContaining({ code: 'message_too_long', details: expect.objectContaining({ size: 2001, limit: 2000 }) }),
    );
  });
});
