import fc from 'fast-check';
import { maskName, maskPhone } from './masking';

describe('maskName', () => {
  it.each([
    ['홍길동', '홍*동'],
    ['홍길', '홍*'],
    ['남궁길동', '남**동'],
    ['선우용녀', '선**녀'],
    ['김', '*'],
    ['John Smith', 'J**n S***h'],
    ['  Jo   Lee ', 'J* L*e'],
    ['홍길동'.normalize('NFD'), '홍*동'],
  ])('%s -> %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('keeps an empty name empty and never answers nothing for something', () => {
    expect(maskName('')).toBe('');
    expect(maskName('   ')).toBe('*');
  });

  it('never shows a name of two or more letters whole, and never answers empty', () => {
    // Without stars: a "name" made of stars is its own mask.
    const names = fc.string({
      minLength: 1,
      maxLength: 20,
      unit: fc.oneof(fc.constantFrom('홍', '길', '동', ' '), fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' })),
    });
    fc.assert(
      fc.property(
        names.filter((n) => !n.includes('*')),
        (name) => {
          const masked = maskName(name);
          expect(masked.length).toBeGreaterThan(0);
          if (name.trim().length >= 2) expect(masked).not.toBe(name.normalize('NFC').trim());
        },
      ),
    );
  });
});

describe('maskPhone', () => {
  it.each([
    ['010-1234-5678', '010-****-5678'],
    ['+82 10 1234 5678', '010-****-5678'],
    ['01012345678', '010-****-5678'],
    ['011-123-4567', '011-***-4567'],
    ['02-123-4567', '**-***-4567'],
  ])('%s -> %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});
