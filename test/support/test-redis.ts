import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { deleteKeysUnder } from '../../libs/platform/src/testing/isolated-env';
import { createRedisClient, type RedisSettings } from '../../libs/platform/src/queues/redis-options';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue prefix no other test file uses, so BullMQ keys never collide between parallel files. */
export const uniqueQueuePrefix = (): string => `goodpay-test-${randomBytes(6).toString('hex')}`;

export const redisConnection = (db = 0) => new IORedis(TEST_REDIS_URL, { db, maxRetriesPerRequest: null, lazyConnect: false });

/** Deletes every key under a prefix: what a Redis flush looks like to the app owning that prefix. */
export function flushPrefix(prefix: string, redis: RedisSettings = { REDIS_URL: TEST_REDIS_URL }): Promise<number> {
  return deleteKeysUnder(redis, prefix);
}

/** How many keys there are under a prefix (on a cluster, over every master). */
export async function countKeysUnder(prefix: string, settings: RedisSettings = { REDIS_URL: TEST_REDIS_URL }): Promise<number> {
  const redis = createRedisClient(settings, { maxRetriesPerRequest: 1 });
  try {
    if ('nodes' in redis && redis.status !== 'ready') await new Promise((ready) => redis.once('ready', ready));
    let count = 0;
    for (const node of 'nodes' in redis ? redis.nodes('master') : [redis]) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        count += keys.length;
        cursor = next;
      } while (cursor !== '0');
    }
    return count;
  } finally {
    redis.disconnect();
  }
}
