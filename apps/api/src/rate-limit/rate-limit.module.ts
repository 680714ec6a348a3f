import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppConfig } from '@goodpay/platform';
import { AuthModule } from '../auth/auth.module';
import { RateLimitGuard } from './rate-limit.guard';
import { configuredRateLimits, namedRateLimitOf } from './rate-limits';
import { RedisRateLimitStorage } from './redis-rate-limit-storage';

@Module({ providers: [RedisRateLimitStorage], exports: [RedisRateLimitStorage] })
class RateLimitStorageModule {}

/**
 * Every route counts against the default limit per client; a route marked `@RateLimit(name)`
 * also against that stricter limit. A client over a limit gets 429 rate_limited with
 * Retry-After until the window it overran ends. Budgets come from the RATE_LIMIT_* variables.
 */
export function rateLimitOptions(config: AppConfig, storage: RedisRateLimitStorage): ThrottlerModuleOptions {
  return {
    storage,
    throttlers: configuredRateLimits(config).map(({ name, budget }) => ({
      name,
      limit: budget.limit,
      ttl: budget.windowMs,
      ...(name === 'default' ? {} : { skipIf: (context) => namedRateLimitOf(context) !== name }),
    })),
  };
}

@Module({
  imports: [
    AuthModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [AppConfig, RedisRateLimitStorage],
      useFactory: rateLimitOptions,
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
