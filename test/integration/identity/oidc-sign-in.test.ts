import { importJWK, type JWK, SignJWT } from 'jose';
import { OidcTokens, type OidcSettings } from '../../../apps/api/src/auth/oidc/oidc-tokens';
import { parseRoleValues } from '../../../apps/api/src/auth/oidc/oidc-roles';
import {
  newSigningKey,
  type OidcClient,
  type RunningOidcProvider,
  type SigningJwk,
  startOidcProvider,
} from '../../support/oidc/oidc-provider';

/**
 * goodpay's OpenID sign-in against a real OpenID provider (the `oidc-provider` package, in a
 * process of its own): tokens got by the client_credentials grant (RFC 6749 4.4) with a
 * resource indicator (RFC 8707), verified by discovery and JWKS as OpenID Connect Discovery 1.0
 * and RFC 7517 describe them. Followed: https://github.com/panva/node-oidc-provider (docs/README.md:
 * clientCredentials, resourceIndicators, jwks) and https://github.com/panva/jose (createRemoteJWKSet, jwtVerify).
 */
describe('integration: sign-in by OpenID Connect against a real provider', () => {
  const API = 'https://api.goodpay.test';
  const citizen: OidcClient = { client_id: 'citizen-app-user-1', client_secret: 'citizen-secret-0123456789abcdef' };
  const staff: OidcClient = { client_id: 'office-user-7', client_secret: 'staff-secret-0123456789abcdef', roles: ['campaign-staff'] };
  const shop: OidcClient = { client_id: 'shop-owner-3', client_secret: 'shop-secret-0123456789abcdef', roles: ['shop-owner', 'unrelated'] };
  let provider: RunningOidcProvider;
  let firstKey: SigningJwk;

  const verifier = (overrides: Partial<OidcSettings> = {}) =>
    new OidcTokens({
      issuer: provider.issuer,
      audiences: [API],
      roleClaim: 'goodpay_roles',
      roleValues: parseRoleValues('staff=campaign-staff,merchant=shop-owner'),
      jwksCooldownMs: 0,
      jwksMaxAgeMs: 600_000,
      ...overrides,
    });

  /** A token signed with `key` as the provider would, with `claims` changed: what only the key holder can make. */
  const signed = async (key: SigningJwk, claims: Record<string, unknown>, alg = key.alg) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: provider.issuer, aud: API, sub: 'someone', iat: now, exp: now + 300, ...claims })
      .setProtectedHeader({ alg, kid: key.kid, typ: 'at+jwt' })
      .sign(await importJWK(key as JWK, alg));
  };

  beforeAll(async () => {
    firstKey = newSigningKey('ES256');
    provider = await startOidcProvider({ clients: [citizen, staff, shop], audiences: [API, 'https://other.example'], keys: [firstKey] });
  });
  afterAll(() => provider?.stop());

  it('signs a person in with a token the provider issued: its subject is the user, a citizen unless the role claim says more', async () => {
    const tokens = verifier();
    await expect(tokens.verify(await provider.accessToken(citizen))).resolves.toEqual({ id: 'citizen-app-user-1', role: 'citizen' });
    await expect(tokens.verify(await provider.accessToken(staff))).resolves.toEqual({ id: 'office-user-7', role: 'staff' });
    await expect(tokens.verify(await provider.accessToken(shop))).resolves.toEqual({ id: 'shop-owner-3', role: 'merchant' });
  });

  it('gives no role from a claim that is not the configured one, nor from a configured claim when none is set', async () => {
    // Signed with the provider's own key, so only the claims decide: a `role: staff` claim is not ours to believe.
    const selfDeclared = await signed(firstKey, {
      sub: 'citizen-9',
      role: 'staff',
      roles: ['staff'],
      goodpay_roles: ['not-a-configured-value'],
    });
    await expect(verifier().verify(selfDeclared)).resolves.toEqual({ id: 'citizen-9', role: 'citizen' });
    await expect(verifier({ roleClaim: '' }).verify(await provider.accessToken(staff))).resolves.toEqual({
      id: 'office-user-7',
      role: 'citizen',
    });
  });

  it('refuses a token for another audience, an expired one, one from another issuer, a forged one and HS256', async () => {
    const tokens = verifier();
    const refused = async (token: string, reason: RegExp) => {
      await expect(tokens.verify(token)).rejects.toMatchObject({
        code: 'unauthenticated',
        status: 401,
        message: expect.stringMatching(reason),
      });
    };
    await refused(await provider.accessToken(citizen, 'https://other.example'), /aud/);
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    await refused(await signed(firstKey, { iat: hourAgo, exp: hourAgo + 300 }), /expired/);
    await refused(await signed(firstKey, { iss: 'https://evil.example' }), /iss/);
    // Same kid, another key: the signature does not verify.
    const impostor = { ...newSigningKey('ES256'), kid: firstKey.kid };
    await refused(await signed(impostor, {}), /signature/);
    const hs = await new SignJWT({ iss: provider.issuer, aud: API, sub: 'x', iat: hourAgo + 3590, exp: hourAgo + 3900 })
      .setProtectedHeader({ alg: 'HS256', kid: firstKey.kid })
      .sign(new TextEncoder().encode('a-shared-secret-of-some-length-000000'));
    await refused(hs, /algorithm/);
    await refused('not.a.token', /malformed/);
  });

  it('refuses a token that lives longer than 12 hours, and one without iat', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect(verifier().verify(await signed(firstKey, { iat: now, exp: now + 13 * 3600 }))).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await expect(verifier().verify(await signed(firstKey, { iat: now - 13 * 3600, exp: now + 60 }))).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await expect(verifier().verify(await signed(firstKey, { iat: undefined }))).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('follows a key rotation without a restart: new tokens verify, old ones while their key is published, not after it is retired', async () => {
    const tokens = verifier({ jwksMaxAgeMs: 0 });
    const before = await provider.accessToken(citizen);
    await expect(tokens.verify(before)).resolves.toMatchObject({ id: citizen.client_id });

    const secondKey = newSigningKey('RS256');
    await provider.rotate([secondKey, firstKey]); // the new key signs, the old one is still published
    const after = await provider.accessToken(citizen);
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString())).toMatchObject({ kid: secondKey.kid, alg: 'RS256' });
    await expect(tokens.verify(after)).resolves.toMatchObject({ id: citizen.client_id });
    await expect(tokens.verify(before)).resolves.toMatchObject({ id: citizen.client_id });

    await provider.rotate([secondKey]); // the old key retired
    await expect(tokens.verify(before)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(tokens.verify(after)).resolves.toMatchObject({ id: citizen.client_id });
    await provider.rotate([firstKey]);
  });

  it('answers 503 identity_provider_unavailable while the provider cannot be reached or its discovery names another issuer', async () => {
    const unreachable = new OidcTokens({
      issuer: 'http://127.0.0.1:1',
      audiences: [API],
      roleClaim: '',
      roleValues: {},
      jwksCooldownMs: 0,
      jwksMaxAgeMs: 0,
    });
    await expect(unreachable.verify(await provider.accessToken(citizen))).rejects.toMatchObject({
      code: 'identity_provider_unavailable',
      status: 503,
    });
    const wrongIssuer = verifier({ issuer: `${provider.issuer}/` });
    await expect(wrongIssuer.verify(await provider.accessToken(citizen))).rejects.toMatchObject({ code: 'identity_provider_unavailable' });
  });
});
