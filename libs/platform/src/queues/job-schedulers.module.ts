import { type DynamicModule, type FactoryProvider, type InjectionToken, Module, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JOB_SCHEDULER_KEEPER_OPTIONS, JobSchedulerKeeper, type JobSchedulerKeeperOptions } from './job-scheduler-keeper';

/**
 * The job-scheduler keeper of a process. QueuesModule registers it from the configuration
 * (JOB_SCHEDULER_CHECK_MS); a harness that sets BullMQ up by itself imports it with its options.
 */
@Module({})
export class JobSchedulersModule {
  static forRoot(options: JobSchedulerKeeperOptions): DynamicModule {
    return JobSchedulersModule.build({ provide: JOB_SCHEDULER_KEEPER_OPTIONS, useValue: options });
  }

  static forRootAsync(options: {
    inject: InjectionToken[];
    useFactory: FactoryProvider<JobSchedulerKeeperOptions>['useFactory'];
  }): DynamicModule {
    return JobSchedulersModule.build({ provide: JOB_SCHEDULER_KEEPER_OPTIONS, ...options });
  }

  private static build(options: Provider): DynamicModule {
    return {
      module: JobSchedulersModule,
      imports: [DiscoveryModule],
      providers: [options, JobSchedulerKeeper],
      exports: [JobSchedulerKeeper],
    };
  }
}
