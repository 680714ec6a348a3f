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

  it('refuses a name the NTS file could only write with ? in it, and keeps one it can', () => {
    expect(legalName('Jane Smith')).toBe('Jane Smith');
    expect(legalName('똠방각하')).toBe('똠방각하'); // beyond KS X 1001, within CP949
    for (const bad of ['José', 'Zoë', '홍길동😀'])
      expect(() => legalName(bad)).toThrow(expect.objectContaining({ code: 'invalid_legal_name' }));
  });
});
