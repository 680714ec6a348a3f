import { legalName, maskResidentRegistrationNumber, residentRegistrationNumber } from './resident-registration-number';

describe('resident registration number', () => {
  it('takes 13 digits with or without the dash, with a real birth date', () => {
    expect(residentRegistrationNumber('900101-1234567')).toBe('9001011234567');
    expect(residentRegistrationNumber(' 0402293234567 ')).toBe('0402293234567');
  });

  it('refuses a wrong shape, a date that does not exist or an unknown seventh digit', () => {
    for (const bad of ['900101-123456', '901301-1234567', '010229-3234567', '900101-9234567', 'abcdef-1234567', 9001011234567])
      expect(() => residentRegistrationNumber(bad)).toThrow(expect.objectContaining({ code: 'invalid_resident_registration_number' }));
  });

  it('is shown masked: the birth date and the seventh digit only', () => {
    expect(maskResidentRegistrationNumber('9001011234567')).toBe('900101-1******');
  });

  it('takes a legal name of 1 to 50 characters', () => {
    expect(legalName(' 홍길동 ')).toBe('홍길동');
    expect(() => legalName('')).toThrow(expect.objectContaining({ code: 'invalid_legal_name' }));
    expect(() => legalName('a\nb')).toThrow(expect.objectContaining({ code: 'invalid_legal_name' }));
  });
});
