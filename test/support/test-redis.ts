import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { deleteKeysUnder } from '../../libs/platform/src/testing/isolated-env';
import type { RedisSettings } from '../../libs/platform/src/queues/redis-options';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue prefix no other test file uses, so BullMQ keys never collide between parallel files. */
export const uniqueQueuePrefix = (): string => `goodpay-test-${randomBytes(6).toString('hex')}`;

export const redisConnection = (db = 0) => new IORedis(TEST_REDIS_URL, { db, maxRetriesPerRequest: null, lazyConnect: false });

/** Deletes every key under a prefix: what a Redis flush looks like to the app owning that prefix. */
export function flushPrefix(prefix: string, redis: RedisSettings = { REDIS_URL: TEST_REDIS_URL }): Promise<number> {
  return deleteKeysUnder(redis, prefix);
}
