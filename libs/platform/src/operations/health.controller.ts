import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { RedisHealthIndicator } from './redis.health';

/** Not rate limited: orchestrators probe these often, from one address, and must never be refused. */
@ApiTags('operations')
@SkipThrottle({ default: true })
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** Liveness: the process runs and serves HTTP. Depends on nothing else on purpose. */
  @Get('health')
  @ApiOkResponse({ description: 'the process is alive' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis answer; otherwise 503 with the failing checks. */
  @Get('ready')
  @HealthCheck()
  @ApiServiceUnavailableResponse({ description: 'PostgreSQL or Redis is unreachable' })
  ready() {
    return this.health.check([() => this.postgres.pingCheck('postgres', { timeout: 1000 }), () => this.redis.pingCheck('redis', 1000)]);
  }
}
