import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import type { ChannelName } from '../templates/template';
import { NOTIFICATION_QUEUE } from './notification-queue';

/**
 * Per-provider rate limits, shared by every worker replica: a counter per provider per second
 * in Redis (the queue's own connection and prefix). BullMQ's limiter would throttle the whole
 * queue, while one notification may use two providers (Alimtalk, then SMS), each with its
 * own contract. A fixed one-second window is coarse at its edges, which a provider's own
 * burst allowance absorbs; the counters rebuild themselves, so losing Redis loses nothing.
 */
@Injectable()
export class ProviderRateLimiter {
  constructor(
    @InjectQueue(NOTIFICATION_QUEUE) private readonly queue: Queue,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {}

  /** Takes a slot for one message on `channel`: 0 when granted, else how many ms to wait. */
  async take(channel: ChannelName): Promise<number> {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    const key = `${this.queue.opts.prefix ?? 'bull'}:notification-rate:${channel}:${second}`;
    // BullMQ types its client generically; it is the ioredis connection the queue opened.
    const redis = (await this.queue.client) as unknown as Redis;
    const count = await redis.incr(key);
    if (count === 1) await redis.pexpire(key, 2000);
    return count <= this.options.ratePerSecond[channel] ? 0 : (second + 1) * 1000 - now;
  }
}
