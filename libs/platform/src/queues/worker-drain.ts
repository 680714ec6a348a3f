import { WorkerHost } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { QueueBase, type Worker } from 'bullmq';

/**
 * Graceful shutdown for BullMQ processors. @nestjs/bullmq closes its workers in
 * `onApplicationShutdown`, the same phase in which TypeORM destroys the DataSource, in an order
 * that depends on module registration. Closing them one phase earlier guarantees that every
 * in-flight job finishes (Worker.close() waits for active jobs and takes no new ones) while
 * PostgreSQL and Redis are still connected. Worker.close() is idempotent, so the later close by
 * @nestjs/bullmq is a no-op.
 *
 * It also gives every queue, worker and queue-events object of the process an 'error'
 * listener, so that Redis trouble (a dropped connection; BullMQ reconnects by itself) is
 * logged as JSON with the queue's name rather than printed by BullMQ to the console.
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

  /** Every BullMQ object Nest holds: registered queues, and the workers behind processors. */
  private queueObjects(): QueueBase[] {
    const registered = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is QueueBase => instance instanceof QueueBase);
    return [...new Set<QueueBase>([...registered, ...this.workers()])];
  }

  onApplicationBootstrap(): void {
    for (const queue of this.queueObjects()) {
      queue.on('error', (error: Error) => this.logger.error(`queue ${queue.name}: ${error.message}`));
    }
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    // Closing a queue whose connection is still opening makes BullMQ emit 'Connection is closed'
    // from a connection nobody listens to any more (taskforcesh/bullmq#2385): let them open first.
    await Promise.allSettled(this.queueObjects().map((queue) => queue.waitUntilReady()));
    const workers = this.workers();
    if (workers.length === 0) return;
    this.logger.log(`${signal ?? 'close'}: waiting for the in-flight jobs of ${workers.length} worker(s)`);
    await Promise.all(workers.map((worker) => worker.close()));
    this.logger.log('workers closed');
  }
}
