import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { dropDatabase, withDatabase } from '../database/ensure-database';
import { redisOptionsFromUrl } from '../queues/redis-options';

export interface IsolatedEnv {
  databaseUrl: string;
  queuePrefix: string;
  /** Drops the database and deletes the Redis keys under the queue prefix. */
  cleanup(): Promise<void>;
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis({ ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

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
      await deleteKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', queuePrefix);
    },
  };
}
