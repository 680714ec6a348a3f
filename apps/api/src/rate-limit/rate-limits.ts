import { applyDecorators, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { AppConfig, RateLimit as Budget } from '@goodpay/platform';

/**
 * The stricter limits some routes carry on top of the default one, each with the variable
 * that sets it. A route takes at most one, by `@RateLimit(name)`.
 */
export const NAMED_RATE_LIMITS = {
  'receipt-uploads': 'RATE_LIMIT_RECEIPT_UPLOADS',
  'dev-tokens': 'RATE_LIMIT_DEV_TOKENS',
  draws: 'RATE_LIMIT_DRAWS',
  runs: 'RATE_LIMIT_RUNS',
} as const satisfies Record<string, keyof AppConfig>;
export type NamedRateLimit = keyof typeof NAMED_RATE_LIMITS;

const RATE_LIMIT_KEY = 'goodpay:rate-limit';
const reflector = new Reflector();

/** The named limit of the route `context` is about, if it has one. */
export const namedRateLimitOf = (context: ExecutionContext): NamedRateLimit | undefined =>
  reflector.get<NamedRateLimit | undefined>(RATE_LIMIT_KEY, context.getHandler());

/** The route counts against the named limit `name` as well as against the default one. */
export const RateLimit = (name: NamedRateLimit) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_KEY, name),
    ApiTooManyRequestsResponse({
      description: `problem+json, code rate_limited, with Retry-After: the ${name} limit (${NAMED_RATE_LIMITS[name]})`,
    }),
  );

/** Every limit by name, 'default' included, with its budget from the configuration. */
export function configuredRateLimits(config: AppConfig): { name: 'default' | NamedRateLimit; budget: Budget }[] {
  return [
    { name: 'default', budget: config.RATE_LIMIT_DEFAULT },
    ...Object.entries(NAMED_RATE_LIMITS).map(([name, variable]) => ({ name: name as NamedRateLimit, budget: config[variable] })),
  ];
}
