import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import { type Actor, ForbiddenError, type Role, UnauthenticatedError } from '@goodpay/shared';
import type { FastifyRequest } from 'fastify';
import { CheckBeforeBody, type HeadCheck } from '../http/before-body';
import { Problems } from '../openapi/answers';
import { BearerTokens } from './bearer-tokens';

const ROLES_KEY = 'goodpay:roles';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/** The token of an `Authorization: Bearer <token>` header, if the request has one. */
export function bearerTokenOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers.authorization;
  return typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
}

/**
 * The caller the request's bearer token names, when it has one of `roles` (any role when none
 * are given): 401 without a valid token, 403 for another role. Every bearer check goes through here.
 */
export async function authenticate(
  tokens: BearerTokens,
  headers: AuthenticatedRequest['headers'],
  roles: readonly Role[] | undefined,
): Promise<Actor> {
  const token = bearerTokenOf(headers);
  if (!token) throw new UnauthenticatedError();
  const actor = await tokens.verify(token);
  if (roles?.length && !roles.includes(actor.role as Role)) {
    throw new ForbiddenError(`this needs the role ${roles.join(' or ')}`, 'wrong_role');
  }
  return actor;
}

/**
 * The bearer check of an @Authenticated route, run before its body is read: a caller without
 * the right token cannot make the server receive or parse a body.
 */
@Injectable()
export class BearerTokenCheck implements HeadCheck {
  constructor(
    private readonly tokens: BearerTokens,
    private readonly reflector: Reflector,
  ) {}

  async check(request: FastifyRequest & AuthenticatedRequest, handler: object): Promise<void> {
    request.actor = await authenticate(
      this.tokens,
      request.headers,
      this.reflector.get<Role[] | undefined>(ROLES_KEY, handler as () => void),
    );
  }
}

/** Checks the bearer token and, where the route names roles, that the caller has one of them. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: BearerTokens,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Already done by BearerTokenCheck on @Authenticated routes of the api; not on every use of the guard.
    request.actor ??= await authenticate(
      this.tokens,
      request.headers,
      this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]),
    );
    return true;
  }
}

/** The route needs a valid bearer token, and one of `roles` when any are given. */
export const Authenticated = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    CheckBeforeBody(BearerTokenCheck),
    UseGuards(AuthGuard),
    ApiBearerAuth(),
    Problems({ 401: ['unauthenticated'], 403: roles.length > 0 ? ['wrong_role'] : [] }),
  );

/** The caller, as the AuthGuard verified it. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new UnauthenticatedError();
  return actor;
});
