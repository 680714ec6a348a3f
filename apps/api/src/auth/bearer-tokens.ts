import { Injectable } from '@nestjs/common';
import { decodeProtectedHeader } from 'jose';
import { AppConfig } from '@goodpay/platform';
import { type Actor, UnauthenticatedError } from '@goodpay/shared';
import { parseRoleValues } from './oidc/oidc-roles';
import { OIDC_ALGORITHMS, OidcTokens } from './oidc/oidc-tokens';
import { TokenService } from './token.service';

/**
 * Every bearer token the api accepts, by how it is signed: RS256/ES256 tokens of the configured
 * OpenID provider (OIDC_ISSUER), and outside production the api's own HS256 development tokens.
 * In production an HS256 token is refused whoever signed it: sign-in is the provider's.
 */
@Injectable()
export class BearerTokens {
  private readonly oidc: OidcTokens | null;
  private readonly developmentTokens: boolean;

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
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new UnauthenticatedError('the bearer token is malformed');
    }
    if (alg === 'HS256' && this.developmentTokens) return this.local.verify(token);
    if (typeof alg === 'string' && OIDC_ALGORITHMS.includes(alg) && this.oidc) return this.oidc.verify(token);
    throw new UnauthenticatedError('the bearer token is not signed in a way this api accepts');
  }
}
