import { BullModule } from '@nestjs/bullmq';
import { ConsumerMetrics } from './subscriptions/consumer-metrics';
import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@goodpay/shared';
import { EventSchemas } from './events/event-schemas';
import { EventStore } from './event-store';
import { Subscriptions } from './subscriptions/subscriptions';
import { WakeUpRelay } from './relay/wake-up-relay';
import { PROJECTION_QUEUE } from './relay/projection-queue';
import { ProjectionWorker } from './relay/projection-worker';
import { OutboxDispatcher } from './consumers/outbox-dispatcher';
import { EventPartitionKeeper } from './partitions/event-partition-keeper';

/**
 * The store, its projections registry and the relay that wakes workers after commits.
 * Needs a TypeORM DataSource and a BullMQ connection from the app's root modules.
 */
@Module({
  imports: [BullModule.registerQueue({ name: PROJECTION_QUEUE })],
  providers: [EventSchemas, EventStore, Subscriptions, WakeUpRelay, { provide: Clock, useClass: SystemClock }],
  exports: [EventSchemas, EventStore, Subscriptions, WakeUpRelay, BullModule, Clock],
})
export class EventStoreModule {}

/**
 * The worker side: runs the consumers when woken, sweeps, sends the reactors' outbox, and
 * keeps the events table's partitions ahead of its positions.
 * Imported by worker processes only; the queues the outbox sends to are registered by the
 * contexts whose reactors name them.
 */
@Module({
  imports: [EventStoreModule],
  providers: [ProjectionWorker, OutboxDispatcher, ConsumerMetrics, EventPartitionKeeper],
  exports: [ProjectionWorker, OutboxDispatcher, EventPartitionKeeper],
})
export class ProjectionWorkerModule {}
