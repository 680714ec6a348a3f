import { generateKeyPairSync } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { SignJWT } from 'jose';
import type { AppConfig } from '@goodpay/platform';
import { BearerTokens } from './bearer-tokens';
import { TokenService, tokenJwtOptions } from './token.service';

const SECRET = 'bearer-spec-secret-4e1b7c9a2d6f8e0b3c5a7d9f1e3b5c7a';

describe('BearerTokens', () => {
  const local = new TokenService(new JwtService(tokenJwtOptions(SECRET)));
  const bearer = (nodeEnv: AppConfig['NODE_ENV'], issuer = '') =>
    new BearerTokens(
      {
        NODE_ENV: nodeEnv,
        OIDC_ISSUER: issuer,
        OIDC_AUDIENCE: ['api'],
        OIDC_ROLE_CLAIM: '',
        OIDC_ROLE_VALUES: '',
        OIDC_JWKS_COOLDOWN_SECONDS: 30,
        OIDC_JWKS_MAX_AGE_SECONDS: 600,
      } as AppConfig,
      local,
    );

  it('accepts development tokens outside production only', async () => {
    const token = local.issue('citizen-1', 'staff');
    await expect(bearer('test').verify(token)).resolves.toEqual({ id: 'citizen-1', role: 'staff' });
    await expect(bearer('development').verify(token)).resolves.toEqual({ id: 'citizen-1', role: 'staff' });
    // In production an HS256 token is refused whoever signed it, even with the right secret.
    await expect(bearer('production', 'https://login.example').verify(token)).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('refuses RS256/ES256 tokens when no OpenID provider is configured, and tokens signed with none or other algorithms', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es256 = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(bearer('test').verify(es256)).rejects.toMatchObject({ code: 'unauthenticated' });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'staff' })).toString('base64url')}.`;
    await expect(bearer('test').verify(none)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(bearer('test').verify('garbage')).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('trusts a development token it verified until the instant it would stop verifying, not after', async () => {
    const tokens = bearer('test');
    const now = Math.floor(Date.now() / 1000);
    const token = new JwtService().sign(
      { sub: 'citizen-2', role: 'citizen', iss: 'goodpay', iat: now - 60, exp: now + 60 },
      { secret: SECRET },
    );
    await expect(tokens.verify(token)).resolves.toEqual({ id: 'citizen-2', role: 'citizen' });
    const verifyChecks = jest.spyOn(local, 'verifyUntil');
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate'] });
    try {
      await expect(tokens.verify(token)).resolves.toEqual({ id: 'citizen-2', role: 'citizen' });
      expect(verifyChecks).not.toHaveBeenCalled(); // remembered
      // exp plus the 30 s of clock tolerance, as jsonwebtoken counts it.
      jest.setSystemTime((now + 60 + 30) * 1000 - 1);
      await expect(tokens.verify(token)).resolves.toEqual({ id: 'citizen-2', role: 'citizen' });
      jest.setSystemTime((now + 60 + 30) * 1000);
      await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'unauthenticated' });
      // A token differing in a single character is checked, not taken for the remembered one.
      const forged = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`;
      await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'unauthenticated' });
    } finally {
      jest.useRealTimers();
      verifyChecks.mockRestore();
    }
  });
});
