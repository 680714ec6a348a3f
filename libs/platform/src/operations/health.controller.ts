import { Controller, Get } from '@nestjs/common';
import { ApiExtension, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({
    description: 'the process is alive',
    schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } },
  })
  @ApiOperation({ operationId: 'checkLiveness' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis answer; otherwise 503 with the failing checks. */
  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({
    description: 'PostgreSQL and Redis answer',
    schema: {
      type: 'object',
      required: ['status'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: { type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string' } } } },
        error: { type: 'object', additionalProperties: { type: 'object' } },
        details: { type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
  })
  // 503 problem+json (service_unavailable, with the failing `checks`) when PostgreSQL or Redis is unreachable.
  @ApiExtension('x-problem-codes', { 503: ['service_unavailable'] })
  @ApiOperation({ operationId: 'checkReadiness' })
  ready() {
    return this.health.check([() => this.postgres.pingCheck('postgres', { timeout: 1000 }), () => this.redis.pingCheck('redis', 1000)]);
  }
}
