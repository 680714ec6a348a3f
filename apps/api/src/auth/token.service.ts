import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { type Actor, ROLES, type Role, UnauthenticatedError } from '@goodpay/shared';

interface TokenClaims {
  sub: string;
  role: Role;
}

/** Bearer tokens: HS256 JWTs whose subject is the user and whose one claim is the role. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(subject: string, role: Role): string {
    return this.jwt.sign({ sub: subject, role } satisfies TokenClaims);
  }

  verify(token: string): Actor {
    let claims: TokenClaims;
    try {
      claims = this.jwt.verify<TokenClaims>(token);
    } catch {
      throw new UnauthenticatedError('the bearer token is invalid or expired');
    }
    if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role)) {
      throw new UnauthenticatedError('the bearer token does not name a user and a role');
    }
    return { id: claims.sub, role: claims.role };
  }
}
