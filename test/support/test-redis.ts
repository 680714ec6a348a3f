import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue prefix no other test file uses, so BullMQ keys never collide between parallel files. */
export const uniqueQueuePrefix = (): string => `goodpay-test-${randomBytes(6).toString('hex')}`;

export const redisConnection = (db = 0) => new IORedis(TEST_REDIS_URL, { db, maxRetriesPerRequest: null, lazyConnect: false });

/** Deletes every key under a prefix: what a Redis flush looks like to the app owning that prefix. */
export async function flushPrefix(prefix: string): Promise<number> {
  const redis = redisConnection();
  try {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.del(...keys);
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}
