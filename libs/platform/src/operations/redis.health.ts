import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisProbe } from '../queues/redis-probe';

/** Terminus indicator: the Redis behind the queues answers PING. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly probe: RedisProbe,
  ) {}

  async pingCheck<const Key extends string>(key: Key, timeoutMs = 1000) {
    const indicator = this.indicators.check(key);
    try {
      await this.probe.ping(timeoutMs);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
