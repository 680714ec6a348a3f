import { normaliseContact } from './contact-rules';

describe('contact details', () => {
  it('are stored in one form', () => {
    expect(normaliseContact({ phone: '010-1234-5678', email: ' Kim@Example.KR ' })).toEqual({
      phone: '01012345678',
      email: 'kim@example.kr',
    });
    expect(normaliseContact({ email: 'a@b.kr' })).toEqual({ phone: null, email: 'a@b.kr' });
  });

  it('refuse a bad phone or e-mail without echoing it', () => {
    expect(() => normaliseContact({ phone: '02-123-4567' })).toThrow(expect.objectContaining({ code: 'invalid_phone' }));
    const error = (() => {
      try {
        normaliseContact({ email: 'not an address' });
      } catch (e) {
        return e as Error & { code: string };
      }
    })();
    expect(error?.code).toBe('invalid_email');
    expect(error?.message).not.toContain('not an address');
  });

  it('need at least one of them', () => {
    expect(() => normaliseContact({})).toThrow(expect.objectContaining({ code: 'contact_required' }));
  });
});
