import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { createRedisClient, type RedisClient } from './redis-options';

/**
 * Answers "is the queues' Redis reachable?" for readiness checks, on its own small connection
 * (same server and options as BullMQ) so a probe never waits behind a worker's blocking call.
 * The connection never reconnects by itself: a failed probe drops it and the next one dials
 * again, so nothing keeps retrying in the background between probes.
 */
@Injectable()
export class RedisProbe implements OnApplicationShutdown {
  private client?: RedisClient;

  constructor(private readonly config: AppConfig) {}

  async ping(timeoutMs = 1000): Promise<void> {
    const client = (this.client ??= createRedisClient(this.config, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    }));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const answer = await Promise.race([client.ping(), timeout]);
      if (answer !== 'PONG') throw new Error(`redis answered ${answer}`);
    } catch (error) {
      if (this.client === client) this.client = undefined;
      // An ended client has no socket left; disconnecting it would only arm ioredis's 2 s timer.
      if (client.status !== 'end') client.disconnect();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
    this.client = undefined;
  }
}
