import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule, type DatabaseModuleOptions } from './database/database.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsRegistryModule } from './metrics/metrics-registry.module';
import { QueuesModule } from './queues/queues.module';

/**
 * Everything a goodpay process stands on, registered once per process: configuration, JSON
 * logs, PostgreSQL (+ migrations), BullMQ's Redis, CQRS buses and a metrics registry.
 */
@Module({})
export class PlatformModule {
  static forRoot(database: DatabaseModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        AppConfigModule,
        LoggingModule,
        DatabaseModule.forRoot(database),
        QueuesModule.forRoot(),
        CqrsModule.forRoot(),
        MetricsRegistryModule,
      ],
    };
  }
}
