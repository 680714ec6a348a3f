import { Injectable } from '@nestjs/common';
import { decodeProtectedHeader } from 'jose';
import { AppConfig } from '@goodpay/platform';
import { type Actor, UnauthenticatedError } from '@goodpay/shared';
import { parseRoleValues } from './oidc/oidc-roles';
import { OIDC_ALGORITHMS, OidcTokens } from './oidc/oidc-tokens';
import { TokenService } from './token.service';

/** Verified tokens remembered; the oldest are forgotten first. */
const MAX_VERIFIED_TOKENS = 10_000;

/**
 * Every bearer token the api accepts, by how it is signed: RS256/ES256 tokens of the configured
 * OpenID provider (OIDC_ISSUER), and outside production the api's own HS256 development tokens.
 * In production an HS256 token is refused whoever signed it: sign-in is the provider's.
 */
@Injectable()
export class BearerTokens {
  private readonly oidc: OidcTokens | null;
  private readonly developmentTokens: boolean;
  /**
   * Development tokens already verified, by their exact text, until they expire: a caller
   * sends the same token with every request, and checking its HMAC and claims again was a
   * twentieth of the api's CPU. Provider tokens are not kept: a key the provider retires must
   * stop verifying its tokens at once (OidcTokens).
   */
  private readonly verified = new Map<string, { actor: Actor; until: number }>();

  constructor(
    config: AppConfig,
    private readonly local: TokenService,
  ) {
    this.developmentTokens = config.NODE_ENV !== 'production';
    this.oidc = config.OIDC_ISSUER
      ? new OidcTokens({
          issuer: config.OIDC_ISSUER,
          audiences: config.OIDC_AUDIENCE,
          roleClaim: config.OIDC_ROLE_CLAIM,
          roleValues: parseRoleValues(config.OIDC_ROLE_VALUES),
          jwksCooldownMs: config.OIDC_JWKS_COOLDOWN_SECONDS * 1000,
          jwksMaxAgeMs: config.OIDC_JWKS_MAX_AGE_SECONDS * 1000,
        })
      : null;
  }

  async verify(token: string): Promise<Actor> {
    const known = this.verified.get(token);
    if (known && known.until > Date.now()) return known.actor;
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new UnauthenticatedError('the bearer token is malformed');
    }
    if (alg === 'HS256' && this.developmentTokens) {
      const { actor, until } = this.local.verifyUntil(token);
      this.remember(token, { actor: Object.freeze(actor), until });
      return actor;
    }
    if (typeof alg === 'string' && OIDC_ALGORITHMS.includes(alg) && this.oidc) return this.oidc.verify(token);
    throw new UnauthenticatedError('the bearer token is not signed in a way this api accepts');
  }

  private remember(token: string, verified: { actor: Actor; until: number }): void {
    if (this.verified.size >= MAX_VERIFIED_TOKENS) {
      const now = Date.now();
      for (const [other, { until }] of this.verified) if (until <= now) this.verified.delete(other);
      for (const other of this.verified.keys()) {
        if (this.verified.size < MAX_VERIFIED_TOKENS * 0.9) break; // a tenth at once: not a sweep per new token
        this.verified.delete(other);
      }
    }
    this.verified.set(token, verified);
  }
}
