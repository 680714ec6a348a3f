import { Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One Prometheus registry per application instance (inject `Registry`), never prom-client's
 * global one: two apps in one process (tests, the standalone entry) would register the same
 * metric names twice. Features add their metrics to it with `registers: [registry]`.
 */
@Global()
@Module({
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
  ],
  exports: [Registry],
})
export class MetricsRegistryModule {}
