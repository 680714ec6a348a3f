import { applyDecorators, type CanActivate, createParamDecorator, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { Actor } from '@goodpay/shared';
import { AuthGuard } from '../auth/authenticated';
import { OptionalBearer } from '../openapi/answers';
import { BEARER_SCHEME } from '../openapi/openapi';

interface ViewerRequest {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/**
 * For reads that anyone may make but that show more to some callers: without a token the
 * caller is anonymous; with one, it is checked exactly as on guarded routes (a bad token is
 * 401, never silently anonymous).
 */
@Injectable()
export class OptionalAuthGuard implements CanActivate {
  constructor(private readonly auth: AuthGuard) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { headers } = context.switchToHttp().getRequest<ViewerRequest>();
    return headers.authorization === undefined || (await this.auth.canActivate(context));
  }
}

export const OptionallyAuthenticated = () => applyDecorators(UseGuards(OptionalAuthGuard), OptionalBearer(BEARER_SCHEME));

/** The caller if they sent a valid token, else null. */
export const Viewer = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor | null => context.switchToHttp().getRequest<ViewerRequest>().actor ?? null,
);
