import { WorkerHost } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Worker } from 'bullmq';

/**
 * Graceful shutdown for BullMQ processors. @nestjs/bullmq closes its workers in
 * `onApplicationShutdown`, the same phase in which TypeORM destroys the DataSource, in an order
 * that depends on module registration. Closing them one phase earlier guarantees that every
 * in-flight job finishes (Worker.close() waits for active jobs and takes no new ones) while
 * PostgreSQL and Redis are still connected. Worker.close() is idempotent, so the later close by
 * @nestjs/bullmq is a no-op.
 *
 * It also gives every worker an 'error' listener: a Worker is an EventEmitter, and an 'error'
 * nobody listens to (Redis dropping a connection, or closing while one is still opening)
 * would be thrown and end the process. Logged instead; BullMQ reconnects by itself.
 */
@Injectable()
export class WorkerDrain implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerDrain.name);

  constructor(private readonly discovery: DiscoveryService) {}

  workers(): Worker[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .flatMap((host) => {
        try {
          return [host.worker];
        } catch {
          return []; // not started (manual registration)
        }
      });
  }

  onApplicationBootstrap(): void {
    for (const worker of this.workers()) {
      worker.on('error', (error) => this.logger.error(`queue ${worker.name}: ${error.message}`));
    }
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const workers = this.workers();
    if (workers.length === 0) return;
    this.logger.log(`${signal ?? 'close'}: waiting for the in-flight jobs of ${workers.length} worker(s)`);
    await Promise.all(workers.map((worker) => worker.close()));
    this.logger.log('workers closed');
  }
}
