import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { type Processor, Worker, type WorkerOptions } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { tracingEnabled } from '../tracing/tracing-enabled';
import { AppConfig } from '../config/app-config';
import { JobSchedulersModule } from './job-schedulers.module';
import { BullConnection } from './bull-connection';
import { RedisProbe } from './redis-probe';
import { WorkerDrain } from './worker-drain';

/**
 * BullMQ's shared configuration: the Redis of REDIS_URL (or the Redis Cluster of
 * REDIS_CLUSTER_NODES, see BullConnection) and the QUEUE_PREFIX (tests set a
 * unique prefix per file). Features then register their queues with
 * `BullModule.registerQueue({ name })` and their processors with `@Processor(name)`; a provider
 * with a `jobSchedulers()` method has its job schedulers kept in Redis (JobSchedulerKeeper).
 * Each queue and worker opens its own connections from these options and closes them itself.
 */
/** Holds the connection BullMQ is configured with, so that the process closes it at the end. */
@Module({ providers: [BullConnection], exports: [BullConnection] })
class BullConnectionModule {}

/**
 * BullMQ's Worker with the stall settings of QUEUE_STALLED_JOB_MS. @nestjs/bullmq builds each
 * processor's Worker from the connection and prefix above and the processor's decorator only, so
 * settings from configuration reach the workers through the class it builds them with.
 */
function workerClassWith(stalledJobMs: number): Type<Worker> {
  return class StallSettingsWorker extends Worker {
    constructor(name: string, processor?: string | URL | null | Processor, options?: WorkerOptions) {
      super(name, processor, { lockDuration: stalledJobMs, stalledInterval: stalledJobMs, ...options } as WorkerOptions);
    }
  };
}

@Module({})
export class QueuesModule {
  static forRoot(): DynamicModule {
    return {
      module: QueuesModule,
      global: true,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          imports: [BullConnectionModule],
          inject: [AppConfig, BullConnection],
          useFactory: (config: AppConfig, connection: BullConnection) => {
            // Set before any processor's Worker is built (they are built once every provider exists).
            BullModule.workerClass = workerClassWith(config.QUEUE_STALLED_JOB_MS);
            return {
              connection: connection.options(),
              prefix: config.QUEUE_PREFIX,
              // With tracing on, a job carries its producer's trace context to the worker that runs it.
              ...(tracingEnabled() ? { telemetry: new BullMQOtel('goodpay') } : {}),
            };
          },
        }),
        JobSchedulersModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({ checkIntervalMs: config.JOB_SCHEDULER_CHECK_MS }),
        }),
      ],
      providers: [RedisProbe, WorkerDrain],
      exports: [RedisProbe],
    };
  }
}
