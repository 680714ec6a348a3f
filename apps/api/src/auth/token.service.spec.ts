import { JwtService } from '@nestjs/jwt';
import { UnauthenticatedError } from '@goodpay/shared';
import { MAX_TOKEN_LIFETIME_SECONDS, TokenService, tokenJwtOptions } from './token.service';

const SECRET = 'token-spec-secret-7f3c9a2e4b1d8c6f0a5e3b7d9c2f4a6e';

describe('TokenService', () => {
  const tokens = new TokenService(new JwtService(tokenJwtOptions(SECRET)));
  /** Signs `claims` exactly as given, with the api's own secret: what a leaked or careless signer could make. */
  const signed = (claims: Record<string, unknown>) =>
    new JwtService().sign(claims, { secret: SECRET, algorithm: 'HS256', noTimestamp: !('iat' in claims) });
  const now = () => Math.floor(Date.now() / 1000);
  const valid = { sub: 'citizen-1', role: 'citizen', iss: 'goodpay' };

  const refused = (token: string) => {
    expect(() => tokens.verify(token)).toThrow(UnauthenticatedError);
  };

  it('issues tokens that expire 12 hours after they were issued, and verifies them', () => {
    const token = tokens.issue('kakao:1234567890', 'merchant');
    expect(tokens.verify(token)).toEqual({ id: 'kakao:1234567890', role: 'merchant' });
    const { iat, exp } = new JwtService().decode<{ iat: number; exp: number }>(token);
    expect(exp - iat).toBe(MAX_TOKEN_LIFETIME_SECONDS);
  });

  it('refuses a token without exp, which would live forever', () => {
    refused(signed({ ...valid, iat: now() }));
  });

  it('refuses a token without iat, or issued in the future', () => {
    refused(signed({ ...valid, exp: now() + 600 }));
    refused(signed({ ...valid, iat: now() + 3600, exp: now() + 7200 }));
  });

  it('refuses a token that lives longer than 12 hours, even while it is young', () => {
    refused(signed({ ...valid, iat: now(), exp: now() + MAX_TOKEN_LIFETIME_SECONDS + 1 }));
    refused(signed({ ...valid, iat: now() - 60, exp: now() + 365 * 24 * 3600 }));
  });

  it('allows a little clock difference, no more', () => {
    expect(tokens.verify(signed({ ...valid, iat: now() + 10, exp: now() + 3600 }))).toEqual({ id: 'citizen-1', role: 'citizen' });
    expect(tokens.verify(signed({ ...valid, iat: now() - 3600, exp: now() - 10 }))).toEqual({ id: 'citizen-1', role: 'citizen' });
    refused(signed({ ...valid, iat: now() - 3600, exp: now() - 120 }));
  });

  it.each([
    ['empty', ''],
    ['10,000 characters', 'a'.repeat(10_000)],
    ['129 characters', 'a'.repeat(129)],
    ['a newline', 'citizen\n1'],
    ['markup', '<script>alert(1)</script>'],
    ['a space', 'citizen 1'],
    ['a hash tag brace', '{citizen}'],
    ['a number', 42],
  ])('refuses a subject that is %s, when signed and when issued', (_, subject) => {
    refused(signed({ ...valid, sub: subject, iat: now(), exp: now() + 600 }));
    if (typeof subject === 'string') expect(() => tokens.issue(subject, 'citizen')).toThrow(/not a valid user id/);
  });

  it('accepts the subjects identity providers give: numbers, UUIDs, provider:id, e-mail-like', () => {
    for (const subject of [
      '1234567890',
      '0f9d3c1e-8a2b-4c5d-9e6f-7a8b9c0d1e2f',
      'naver:AbC_123-xyz',
      'user.name@example.org',
      'a'.repeat(128),
    ]) {
      expect(tokens.verify(tokens.issue(subject, 'citizen')).id).toBe(subject);
    }
  });

  it('still refuses a role it does not know, another issuer and another secret', () => {
    refused(signed({ ...valid, role: 'admin', iat: now(), exp: now() + 600 }));
    refused(signed({ ...valid, iss: 'someone-else', iat: now(), exp: now() + 600 }));
    refused(new JwtService().sign({ ...valid, iat: now(), exp: now() + 600 }, { secret: `${SECRET}-other` }));
  });
});
