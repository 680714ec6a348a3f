import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { AppConfig, createRedisClient, type RedisClient } from '@goodpay/platform';

/** A counter that could not be reached: the request goes through (see increment). */
type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Where the rate-limit counters live, for every api replica alike: Redis, under the queue
 * prefix (`<QUEUE_PREFIX>:rate-limit:`), so a test's or a deployment's keys stay in its own
 * namespace. @nest-lab/throttler-storage-redis counts with one Lua script per request (INCR,
 * PEXPIRE on the first hit of a window, a block key once over the limit) and puts each
 * counter's two keys in one `{…}` hash tag; with a hash-tagged QUEUE_PREFIX (`{goodpay}`) the
 * prefix's tag comes first and every counter shares its slot. Both work on Redis Cluster.
 *
 * Redis carries nothing the product cannot lose: when it does not answer within half a second
 * the request is let through (and a warning logged at most once a minute) rather than refused,
 * so a Redis outage does not take down an api whose data is all in PostgreSQL.
 */
@Injectable()
export class RedisRateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: RedisClient;
  private readonly counters: ThrottlerStorageRedisService;
  private lastWarning = 0;

  constructor(config: AppConfig) {
    this.redis = createRedisClient(config, {
      keyPrefix: rateLimitKeyPrefix(config.QUEUE_PREFIX),
      // A request must not wait for Redis to come back (BullMQ's options retry forever).
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
      disconnectTimeout: 200, // nor a shutdown for a hung one to close its end (ioredis waits 2 s)
    });
    this.redis.on('error', () => undefined); // reported per request below, not per reconnect attempt
    // Its type names Redis, and it runs one Lua script on keys of one slot: a Cluster works as well.
    this.counters = new ThrottlerStorageRedisService(this.redis as Redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<StorageRecord> {
    try {
      return await this.counters.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        this.logger.warn(`rate limits not counted, Redis did not answer: ${(error as Error).message}`);
      }
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** The namespace of the counters: beside the queues, under the same prefix. */
export const rateLimitKeyPrefix = (queuePrefix: string): string => `${queuePrefix}:rate-limit:`;
