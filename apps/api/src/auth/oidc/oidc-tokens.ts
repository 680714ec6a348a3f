import { createRemoteJWKSet, errors as joseErrors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { type Actor, isUserId, ProviderUnavailableError, UnauthenticatedError } from '@goodpay/shared';
import { type RoleValues, roleOf } from './oidc-roles';

/** Asymmetric only: a shared-secret (HS*) token could be forged by anyone holding the client secret. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'];
/** How far the provider's clock may be from ours for `exp`, `nbf` and `iat`. */
export const OIDC_CLOCK_TOLERANCE_SECONDS = 30;
/** The longest a token may live from `iat` to `exp`, as for development tokens. */
export const OIDC_MAX_TOKEN_AGE = '12h';
const MAX_LIFETIME_SECONDS = 12 * 3600;

export interface OidcSettings {
  issuer: string;
  /** Accepted `aud` values: the api's resource identifier (access tokens) and/or client ids (ID tokens). */
  audiences: string[];
  roleClaim: string;
  roleValues: RoleValues;
  /** After fetching the JWKS, how long before an unknown `kid` may fetch it again (jose's cooldownDuration). */
  jwksCooldownMs: number;
  /** How long a fetched JWKS is trusted before it is fetched again (jose's cacheMaxAge). */
  jwksMaxAgeMs: number;
}

interface DiscoveryDocument {
  issuer?: unknown;
  jwks_uri?: unknown;
}

/**
 * Verifies access tokens and ID tokens of one OpenID provider with `jose`: the provider's keys
 * come from its discovery document (OpenID Connect Discovery 1.0, section 4) and JWKS
 * (createRemoteJWKSet), cached, fetched again when a token names a key id not seen yet (the
 * provider rotated its keys: new tokens verify without a restart) and when the cache is older
 * than jwksMaxAgeMs (a retired key stops verifying). Signature, algorithm, issuer, audience,
 * exp/nbf/iat with clock tolerance and a 12 h lifetime are checked; the role comes from
 * `roleOf`, never from the token's own say-so.
 */
export class OidcTokens {
  private keys: Promise<JWTVerifyGetKey> | null = null;

  constructor(private readonly settings: OidcSettings) {}

  async verify(token: string): Promise<Actor> {
    const keys = await this.keySet();
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audiences,
        algorithms: OIDC_ALGORITHMS,
        clockTolerance: OIDC_CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: OIDC_MAX_TOKEN_AGE,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWKSTimeout || isFetchFailure(error)) throw unavailable();
      throw new UnauthenticatedError(`the bearer token is not valid: ${reasonOf(error)}`);
    }
    // jose's maxTokenAge bounds the age (now - iat), not the lifetime a token was given.
    if ((claims.exp as number) - (claims.iat as number) > MAX_LIFETIME_SECONDS)
      throw new UnauthenticatedError('the bearer token lives longer than 12 h');
    if (!isUserId(claims.sub)) throw new UnauthenticatedError('the bearer token does not name a valid user');
    return { id: claims.sub, role: roleOf(claims, this.settings.roleClaim, this.settings.roleValues) };
  }

  /** Discovery once, on first use (the api starts while the provider is down); again after a failure. */
  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discover().catch((error: unknown) => {
      this.keys = null;
      throw error;
    });
    return this.keys;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    const url = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let document: DiscoveryDocument;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      document = (await response.json()) as DiscoveryDocument;
    } catch {
      throw unavailable();
    }
    // Discovery 4.3: the document's issuer must be exactly the one configured, or it is not ours.
    if (document.issuer !== this.settings.issuer || typeof document.jwks_uri !== 'string') throw unavailable();
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      cooldownDuration: this.settings.jwksCooldownMs,
      cacheMaxAge: this.settings.jwksMaxAgeMs,
      timeoutDuration: 5000,
    });
  }
}

const unavailable = () =>
  new ProviderUnavailableError('identity_provider', 'the identity provider cannot be reached to check the token; try again');

/** A network failure fetching the JWKS: a socket error from node:http, or a bad answer jose reports. */
const isFetchFailure = (error: unknown): boolean => {
  if (error instanceof joseErrors.JOSEError)
    return error.code === 'ERR_JOSE_GENERIC' && /JSON Web Key Set HTTP response/.test(error.message);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
};

/** What was wrong, in jose's words for the claim checks, without echoing the token. */
function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim ${error.claim} ${error.reason}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'signed by a key the provider does not publish';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  return 'malformed';
}
