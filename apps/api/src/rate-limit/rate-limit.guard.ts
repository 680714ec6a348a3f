import { createHash } from 'node:crypto';
import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { type Actor, DomainError } from '@goodpay/shared';
import { bearerTokenOf } from '../auth/authenticated';
import { BearerTokens } from '../auth/bearer-tokens';

/** Too many requests from one client in the window of one of its limits (429, with Retry-After). */
export class RateLimitedError extends DomainError {
  readonly status = 429;
  constructor(limit: number, windowSeconds: number, retryAfterSeconds: number) {
    super(
      'rate_limited',
      `too many requests: at most ${limit} in ${windowSeconds} s for this kind of request; retry after ${retryAfterSeconds} s`,
      {
        limit,
        windowSeconds,
        retryAfterSeconds,
      },
    );
  }
}

/**
 * @nestjs/throttler's guard, applied to every route, counting per client: the user id of a
 * valid bearer token, else the IP address (IPv6 by its /64). It runs before the route's own
 * AuthGuard, so it checks the token itself; a token that does not verify counts against the IP.
 * Counters are keyed by a hash of the client, so Redis holds neither user ids nor addresses.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: BearerTokens,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(request: { headers: Record<string, string | string[] | undefined>; actor?: Actor }): Promise<string> {
    // On an @Authenticated route the token was verified before the body was read: not again.
    if (request.actor) return `user:${request.actor.id}`;
    const token = bearerTokenOf(request.headers);
    if (token) {
      try {
        return `user:${(await this.tokens.verify(token)).id}`;
      } catch {
        // not a valid token: the AuthGuard refuses it where one is needed; count by address
      }
    }
    return `ip:${await super.getTracker(request)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return createHash('sha256').update(tracker).digest('base64url'); // the limit's name is added by the storage
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
    this.setResponseHeader(this.getRequestResponse(context).res, 'Retry-After', retryAfterSeconds);
    throw new RateLimitedError(detail.limit, Math.round(detail.ttl / 1000), retryAfterSeconds);
  }
}
