import {
  businessRegistrationCheckDigit,
  businessRegistrationNumber,
  formatBusinessRegistrationNumber,
  isBusinessRegistrationNumber,
} from './business-registration-number';

describe('business registration number', () => {
  // 1,2,3,4,5,6,7,8,9 weighted 1,3,7,1,3,7,1,3,5 = 165; + floor(9*5/10) = 4 -> 169; (10 - 9) % 10 = 1.
  const computed = '123-45-67891';
  // A real, published number (Samsung Electronics): 118 + floor(9*5/10) = 122 -> 8.
  const published = '124-81-00998';
  // Sum 160 ends in 0, so the check digit is (10 - 0) % 10 = 0, not 10.
  const endsInZero = '105-87-00010';

  it('computes the check digit', () => {
    expect(businessRegistrationCheckDigit('123456789')).toBe(1);
    expect(businessRegistrationCheckDigit('124810099')).toBe(8);
    expect(businessRegistrationCheckDigit('105870001')).toBe(0);
  });

  it('accepts valid numbers, dashed or bare', () => {
    for (const valid of [computed, published, endsInZero, '1234567891', '1248100998']) {
      expect(isBusinessRegistrationNumber(valid)).toBe(true);
    }
  });

  it('refuses a wrong check digit, wrong length, misplaced dashes and non-strings', () => {
    for (const invalid of [
      '123-45-67890',
      '123-45-67892',
      '124-81-00990',
      '123456789',
      '12345678911',
      '12-345-67891',
      '1234-5-67891',
      '123-4567891',
      'abc-de-fghij',
      ' 1234567891',
      1234567891,
      null,
    ]) {
      expect(isBusinessRegistrationNumber(invalid)).toBe(false);
    }
  });

  it('normalises to bare digits, or refuses with a stable code', () => {
    expect(businessRegistrationNumber(computed)).toBe('1234567891');
    expect(() => businessRegistrationNumber('123-45-67890')).toThrow(
      expect.objectContaining({ code: 'invalid_business_registration_number', status: 400 }),
    );
  });

  it('formats bare digits the printed way', () => {
    expect(formatBusinessRegistrationNumber('1234567891')).toBe(computed);
  });
});
