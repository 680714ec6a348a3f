import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import type { Cluster } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { createRedisClient, isClusterMode, redisOptionsFromUrl } from './redis-options';

/**
 * What BullMQ connects with. On one Redis: options, from which every queue and worker opens
 * (and closes) its own connections. On Redis Cluster: BullMQ only builds plain connections
 * from options, so it gets one shared ioredis `Cluster` (workers duplicate it for their
 * blocking calls); the process closes that one itself when it shuts down, after the workers
 * have drained (WorkerDrain closes them a phase earlier).
 */
@Injectable()
export class BullConnection implements OnApplicationShutdown {
  private cluster?: Cluster;

  constructor(private readonly config: AppConfig) {}

  options(): ConnectionOptions {
    if (!isClusterMode(this.config)) return redisOptionsFromUrl(this.config.REDIS_URL);
    this.cluster ??= createRedisClient(this.config) as Cluster;
    return this.cluster;
  }

  async onApplicationShutdown(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = undefined;
    if (cluster) await cluster.quit().catch(() => cluster.disconnect());
  }
}
