import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

/**
 * ioredis options from a redis:// or rediss:// URL, ready for BullMQ: workers block on
 * Redis and require `maxRetriesPerRequest: null`.
 */
export function redisOptionsFromUrl(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: db ? Number(db) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/** Where Redis is: one server (REDIS_URL), or a Redis Cluster found from its seed nodes. */
export interface RedisSettings {
  REDIS_URL: string;
  /** `host:port` seed nodes; empty or absent: the single server of REDIS_URL. */
  REDIS_CLUSTER_NODES?: readonly string[];
}

export type RedisClient = Redis | Cluster;

export const isClusterMode = (settings: RedisSettings): boolean => (settings.REDIS_CLUSTER_NODES?.length ?? 0) > 0;

/**
 * The one way the product opens a Redis connection (BullMQ's shared cluster connection, the
 * readiness probe, the rate-limit counters, test clean-ups): a `Redis` on REDIS_URL, or a
 * `Cluster` on REDIS_CLUSTER_NODES with REDIS_URL's credentials and TLS for every node. `options`
 * are per-connection ioredis options; in cluster mode the ones that are the cluster's own
 * (lazyConnect, keyPrefix, retryStrategy as the cluster's retry) go to the cluster, the rest to
 * each node's connection. A node's database is always 0 on a cluster (SELECT is refused there).
 */
export function createRedisClient(settings: RedisSettings, options: RedisOptions = {}): RedisClient {
  const base = redisOptionsFromUrl(settings.REDIS_URL);
  if (!isClusterMode(settings)) return new Redis({ ...base, ...options });
  return new Cluster(clusterNodes(settings), clusterOptions(base, options));
}

/** The seed nodes as ioredis wants them. */
export function clusterNodes(settings: RedisSettings): { host: string; port: number }[] {
  return (settings.REDIS_CLUSTER_NODES ?? []).map((node) => {
    const at = node.lastIndexOf(':');
    return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
  });
}

function clusterOptions(base: RedisOptions, options: RedisOptions): ClusterOptions {
  const merged = { ...base, ...options };
  const { host: _host, port: _port, db: _db, lazyConnect, keyPrefix, retryStrategy, ...perNode } = merged;
  return {
    lazyConnect,
    keyPrefix,
    // A connection that must not retry (the probe) does not retry finding the cluster either.
    ...(retryStrategy ? { clusterRetryStrategy: (times: number) => retryStrategy(times) } : {}),
    redisOptions: perNode,
    // During a failover the slots' new master is asked again until it answers.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
  };
}
