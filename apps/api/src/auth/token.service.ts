import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService, type JwtModuleOptions } from '@nestjs/jwt';
import { type Actor, InvalidInputError, isUserId, ROLES, type Role, UnauthenticatedError } from '@goodpay/shared';

/** The longest a bearer token may live, from `iat` to `exp`; development tokens get all of it. */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;
/** How far the signer's clock may be from ours when `exp`, `nbf` and `iat` are checked. */
export const TOKEN_CLOCK_TOLERANCE_SECONDS = 30;
const ISSUER = 'goodpay';

interface TokenClaims {
  sub: string;
  role: Role;
  iat: number;
  exp: number;
}

/** How tokens are signed and checked: HS256 with `secret`, issuer goodpay, at most 12 h. */
export function tokenJwtOptions(secret: string): JwtModuleOptions {
  return {
    // A KeyObject, not the string: given a string, jsonwebtoken first tries to read it as a
    // public key on every verify (and fails); that was an eighth of the api's CPU under load.
    secret: createSecretKey(Buffer.from(secret, 'utf8')),
    signOptions: { expiresIn: MAX_TOKEN_LIFETIME_SECONDS, issuer: ISSUER, algorithm: 'HS256' },
    verifyOptions: {
      issuer: ISSUER,
      algorithms: ['HS256'],
      clockTolerance: TOKEN_CLOCK_TOLERANCE_SECONDS,
      // Also refuses a token without `iat`; `exp` itself is checked below (jsonwebtoken
      // accepts a token without one, which would live forever).
      maxAge: MAX_TOKEN_LIFETIME_SECONDS,
    },
  };
}

/**
 * Bearer tokens: HS256 JWTs whose subject is the user and whose one claim is the role. A token
 * counts only with an `iat` that is not in the future and an `exp` at most 12 h after it, and a
 * subject that is a plausible user id (USER_ID_PATTERN).
 */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(subject: string, role: Role): string {
    if (!isUserId(subject)) throw new InvalidInputError('the subject is not a valid user id', { field: 'subject' }, 'invalid_subject');
    return this.jwt.sign({ sub: subject, role } satisfies Pick<TokenClaims, 'sub' | 'role'>);
  }

  verify(token: string): Actor {
    return this.verifyUntil(token).actor;
  }

  /**
   * The caller, and the instant (ms) from which the same token will no longer verify: its
   * `exp`, or `iat` plus the longest lifetime, past the clock tolerance. Nothing else about a
   * verified token changes with time, so it may be trusted until then without checking again.
   */
  verifyUntil(token: string): { actor: Actor; until: number } {
    let claims: Partial<TokenClaims>;
    try {
      claims = this.jwt.verify<Partial<TokenClaims>>(token);
    } catch {
      throw new UnauthenticatedError('the bearer token is invalid or expired');
    }
    const { iat, exp } = claims;
    const now = Math.floor(Date.now() / 1000);
    if (
      typeof iat !== 'number' ||
      typeof exp !== 'number' ||
      iat > now + TOKEN_CLOCK_TOLERANCE_SECONDS ||
      exp - iat > MAX_TOKEN_LIFETIME_SECONDS
    ) {
      throw new UnauthenticatedError(`the bearer token must carry iat and exp, at most ${MAX_TOKEN_LIFETIME_SECONDS / 3600} h apart`);
    }
    if (!isUserId(claims.sub) || !ROLES.includes(claims.role as Role)) {
      throw new UnauthenticatedError('the bearer token does not name a valid user and a role');
    }
    const until = (Math.min(exp, iat + MAX_TOKEN_LIFETIME_SECONDS) + TOKEN_CLOCK_TOLERANCE_SECONDS) * 1000;
    return { actor: { id: claims.sub, role: claims.role as Role }, until };
  }
}
