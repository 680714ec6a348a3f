import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
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
          useFactory: (config: AppConfig, connection: BullConnection) => ({
            connection: connection.options(),
            prefix: config.QUEUE_PREFIX,
            // With tracing on, a job carries its producer's trace context to the worker that runs it.
            ...(tracingEnabled() ? { telemetry: new BullMQOtel('goodpay') } : {}),
          }),
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
