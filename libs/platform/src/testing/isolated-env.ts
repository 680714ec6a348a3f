import { randomBytes } from 'node:crypto';
import { dropDatabase, withDatabase } from '../database/ensure-database';
import type { Cluster } from 'ioredis';
import { createRedisClient, type RedisClient, type RedisSettings } from '../queues/redis-options';

export interface IsolatedEnv {
  databaseUrl: string;
  queuePrefix: string;
  /** Drops the database and deletes the Redis keys under the queue prefix. */
  cleanup(): Promise<void>;
}

/** Deletes every key under `prefix`; on a cluster, on each master (SCAN walks one node). */
export async function deleteKeysUnder(settings: RedisSettings, prefix: string): Promise<number> {
  const redis = createRedisClient(settings, { maxRetriesPerRequest: 1 });
  try {
    const nodes: RedisClient[] = 'nodes' in redis ? await mastersOf(redis) : [redis];
    let removed = 0;
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length === 0) continue;
        // On a cluster one key a call: the keys of one call must share a slot.
        if ('nodes' in redis) for (const key of keys) removed += await redis.unlink(key);
        else removed += await redis.unlink(...keys);
      } while (cursor !== '0');
    }
    return removed;
  } finally {
    await redis.quit();
  }
}

async function mastersOf(cluster: Cluster): Promise<RedisClient[]> {
  if (cluster.status !== 'ready') await new Promise((ready) => cluster.once('ready', ready));
  return cluster.nodes('master');
}

const settingsFromEnv = (): RedisSettings => ({
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_CLUSTER_NODES: (process.env.REDIS_CLUSTER_NODES ?? '').split(',').filter((node) => node.trim() !== ''),
});

/**
 * A database and a queue prefix of their own for one test file, set in process.env so the
 * apps built afterwards use them: files run in parallel, and again, without colliding. Logs
 * are silenced unless LOG_LEVEL is set explicitly.
 */
export function useIsolatedEnv(label = 't'): IsolatedEnv {
  const id = `${label}_${randomBytes(5).toString('hex')}`;
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/goodpay';
  const databaseUrl = withDatabase(base, `goodpay_${id}`);
  const queuePrefix = `goodpay-test-${id}`;
  process.env.DATABASE_URL = databaseUrl;
  process.env.QUEUE_PREFIX = queuePrefix;
  process.env.LOG_LEVEL ??= 'silent';
  return {
    databaseUrl,
    queuePrefix,
    cleanup: async () => {
      await dropDatabase(databaseUrl);
      await deleteKeysUnder(settingsFromEnv(), queuePrefix);
    },
  };
}
