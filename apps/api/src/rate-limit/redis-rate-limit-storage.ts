import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { AppConfig, createRedisClient, type RedisClient } from '@goodpay/platform';

type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Counts `n` hits at once for a client in one window, and answers how many of them were still
 * within the limit (`granted`). The same fixed window and block as @nest-lab/throttler-storage-redis
 * (whose script this extends with `n`): the window starts with its first hit and lasts `ttl`;
 * a request past the limit blocks the client for `blockDuration`, after which counting restarts.
 * Returns { hits, window ms left, blocked 0/1, block ms left, granted }.
 */
const LEASE_SCRIPT = `
local hitKey = KEYS[1]
local blockKey = KEYS[2]
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local blockDuration = tonumber(ARGV[3])
local n = tonumber(ARGV[4])
local hits = redis.call('INCRBY', hitKey, n)
local windowLeft = redis.call('PTTL', hitKey)
if windowLeft <= 0 then
  redis.call('PEXPIRE', hitKey, ttl)
  windowLeft = ttl
end
local blockLeft = redis.call('PTTL', blockKey)
if blockLeft > 0 then return { hits, windowLeft, 1, blockLeft, 0 } end
if blockLeft == -1 then
  redis.call('DEL', blockKey)
  redis.call('SET', hitKey, n, 'PX', ttl)
  hits = n
  windowLeft = ttl
end
local granted = math.min(n, limit - (hits - n))
if granted < 1 then
  redis.call('SET', blockKey, 1, 'PX', blockDuration)
  return { hits, windowLeft, 1, blockDuration, 0 }
end
return { hits, windowLeft, 0, 0, granted }
`;

/** What this process knows of one client's counter under one limit. */
interface Lease {
  /** Hits this process may still let through without asking Redis, until `windowEnds`. */
  tokens: number;
  /** The window's end (local clock), from the counter's own expiry in Redis. */
  windowEnds: number;
  /** The counter's total in Redis when the lease was taken, and the limit it was taken under. */
  hitsAtLease: number;
  /** Blocked (by Redis) until then; no need to ask again before. */
  blockedUntil: number;
  /** How many hits to ask for next time, and when the last lease was taken. */
  size: number;
  leasedAt: number;
  /** A lease on its way from Redis (true once Redis answered): concurrent requests wait for it rather than each asking. */
  pending?: Promise<boolean>;
  waiting: number;
}

/** The most hits one lease takes; a hot client asks Redis about once per this many requests. */
export const MAX_LEASE = 256;
/** A lease takes at most this fraction of what is left of the limit in the window. */
export const LEASE_SHARE_OF_REMAINING = 8;
/** Leases remembered, clients times limits; windows that ended are dropped first. */
const MAX_LEASES = 50_000;

/**
 * Where the rate-limit counters live, for every api replica alike: Redis, under the queue
 * prefix (`<QUEUE_PREFIX>:rate-limit:`), so a test's or a deployment's keys stay in its own
 * namespace. Each counter's two keys (`{<client>:<limit>}:hits` and `:blocked`) share one hash
 * tag; with a hash-tagged QUEUE_PREFIX (`{goodpay}`) the prefix's tag comes first and every
 * counter shares its slot. Both work on Redis Cluster.
 *
 * The limit is exact across processes, and a busy client does not cost a Redis round trip per
 * request: a process takes hits from the shared counter in advance (a lease) and lets that many
 * requests through on its own. A client's first request asks for one; each lease taken within a
 * second of the previous one asks for twice as many (up to MAX_LEASE), a slower client's for
 * half. A lease never takes more than an eighth of what is left of the limit, so near the limit
 * every request asks Redis, one at a time, exactly as without leases: the sum of what every
 * process lets through in a window is never more than the limit. What a lease costs: hits a
 * process took and did not use are counted all the same, so a client spread over several
 * processes may be refused while another process still holds some (at most an eighth of what
 * was left when it took them); they lapse with the window.
 *
 * Redis carries nothing the product cannot lose: when it does not answer within half a second
 * the request is let through (and a warning logged at most once a minute) rather than refused,
 * so a Redis outage does not take down an api whose data is all in PostgreSQL.
 */
@Injectable()
export class RedisRateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: RedisClient & { rateLimitLease: (...args: (string | number)[]) => Promise<number[]> };
  private readonly leases = new Map<string, Lease>();
  private lastWarning = 0;

  constructor(config: AppConfig) {
    const redis = createRedisClient(config, {
      keyPrefix: rateLimitKeyPrefix(config.QUEUE_PREFIX),
      // A request must not wait for Redis to come back (BullMQ's options retry forever).
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
      disconnectTimeout: 200, // nor a shutdown for a hung one to close its end (ioredis waits 2 s)
    });
    redis.on('error', () => undefined); // reported per request below, not per reconnect attempt
    redis.defineCommand('rateLimitLease', { numberOfKeys: 2, lua: LEASE_SCRIPT }); // EVALSHA, the script sent once
    this.redis = redis as typeof this.redis;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<StorageRecord> {
    const id = `${key}:${throttlerName}`;
    let lease = this.leases.get(id);
    if (!lease) {
      lease = { tokens: 0, windowEnds: 0, hitsAtLease: 0, blockedUntil: 0, size: 1, leasedAt: 0, waiting: 0 };
      this.remember(id, lease);
    }
    for (;;) {
      const now = Date.now();
      if (lease.blockedUntil > now) return blockedRecord(lease, now);
      if (lease.tokens > 0 && lease.windowEnds > now) {
        lease.tokens--;
        return {
          totalHits: lease.hitsAtLease - lease.tokens,
          timeToExpire: secondsUntil(lease.windowEnds, now),
          isBlocked: false,
          timeToBlockExpire: 0,
        };
      }
      if (!lease.pending) break;
      lease.waiting++;
      const answered = await lease.pending;
      lease.waiting--;
      if (!answered) return notCounted(ttl); // Redis did not answer the request ahead: not again
    }
    const taking = this.takeLease(id, lease, ttl, limit, blockDuration).then(
      (record) => record,
      (error: Error) => {
        if (Date.now() - this.lastWarning > 60_000) {
          this.lastWarning = Date.now();
          this.logger.warn(`rate limits not counted, Redis did not answer: ${error.message}`);
        }
        return undefined;
      },
    );
    lease.pending = taking.then((record) => record !== undefined);
    const record = await taking;
    lease.pending = undefined;
    return record ?? notCounted(ttl);
  }

  /** Asks Redis for hits for this request and the ones expected soon; this request takes the first. */
  private async takeLease(id: string, lease: Lease, ttl: number, limit: number, blockDuration: number): Promise<StorageRecord> {
    const now = Date.now();
    const windowGoesOn = lease.windowEnds > now;
    lease.size = windowGoesOn && now - lease.leasedAt < 1_000 ? Math.min(MAX_LEASE, lease.size * 2) : Math.max(1, lease.size >> 1);
    const remaining = windowGoesOn ? limit - lease.hitsAtLease : limit;
    const n = Math.max(1, Math.min(Math.max(lease.size, lease.waiting + 1), Math.floor(remaining / LEASE_SHARE_OF_REMAINING)));
    const [hits, windowLeft, blocked, blockLeft, granted] = await this.redis.rateLimitLease(
      `{${id}}:hits`,
      `{${id}}:blocked`,
      ttl,
      limit,
      blockDuration,
      n,
    );
    const answered = Date.now();
    lease.leasedAt = answered;
    lease.hitsAtLease = hits!;
    lease.windowEnds = answered + windowLeft!;
    if (blocked === 1) {
      lease.tokens = 0;
      lease.blockedUntil = answered + blockLeft!;
      return blockedRecord(lease, answered);
    }
    lease.tokens = granted! - 1;
    return {
      totalHits: hits! - lease.tokens,
      timeToExpire: secondsUntil(lease.windowEnds, answered),
      isBlocked: false,
      timeToBlockExpire: 0,
    };
  }

  /** Keeps the leases bounded: windows that ended go first, then the oldest (their unused hits lapse). */
  private remember(id: string, lease: Lease): void {
    if (this.leases.size >= MAX_LEASES) {
      const now = Date.now();
      for (const [other, held] of this.leases) {
        if (held.windowEnds <= now && held.blockedUntil <= now && !held.pending) this.leases.delete(other);
      }
      for (const [other, held] of this.leases) {
        if (this.leases.size < MAX_LEASES * 0.9) break; // a tenth at once: not a sweep per new client
        if (!held.pending) this.leases.delete(other);
      }
    }
    this.leases.set(id, lease);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

const secondsUntil = (time: number, now: number): number => Math.max(1, Math.ceil((time - now) / 1000));

/** Redis did not answer: the request goes through (see RedisRateLimitStorage). */
const notCounted = (ttl: number): StorageRecord => ({
  totalHits: 0,
  timeToExpire: Math.ceil(ttl / 1000),
  isBlocked: false,
  timeToBlockExpire: 0,
});

const blockedRecord = (lease: Lease, now: number): StorageRecord => ({
  totalHits: lease.hitsAtLease,
  timeToExpire: secondsUntil(lease.windowEnds, now),
  isBlocked: true,
  timeToBlockExpire: secondsUntil(lease.blockedUntil, now),
});

/** The namespace of the counters: beside the queues, under the same prefix. */
export const rateLimitKeyPrefix = (queuePrefix: string): string => `${queuePrefix}:rate-limit:`;
