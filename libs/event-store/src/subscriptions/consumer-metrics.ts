import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Subscriptions } from './subscriptions';

interface LagRow {
  name: string;
  lag_events: string;
  lag_seconds: number | null;
}

/**
 * Per consumer, in the worker:
 * - `goodpay_consumer_lag_events{consumer}` (events recorded after its checkpoint) and
 *   `goodpay_consumer_lag_seconds{consumer}` (age of the oldest of them; 0 when caught up),
 *   read from the checkpoints and the log when Prometheus scrapes: two index lookups per consumer;
 * - `goodpay_consumer_batch_events{consumer}` (events handled per batch) and
 *   `goodpay_consumer_batch_seconds{consumer}` (a batch's transaction), observed as batches run;
 * - `goodpay_consumer_failures_total{consumer}`: batches that failed and rolled back.
 */
@Injectable()
export class ConsumerMetrics implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: Subscriptions,
    // Absent where a process keeps no metrics (tests that run the consumers on their own).
    @Optional() private readonly registry?: Registry,
  ) {}

  onModuleInit(): void {
    const registry = this.registry;
    if (!registry) return;
    this.observeBatches(registry);
    let pending: Promise<LagRow[]> | undefined;
    const lags = () =>
      (pending ??= (this.dataSource.query(LAG_SQL) as Promise<LagRow[]>).catch(() => []).finally(() => (pending = undefined)));
    new Gauge({
      name: 'goodpay_consumer_lag_events',
      help: 'Events recorded after the consumer checkpoint',
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await lags()) this.set({ consumer: row.name }, Number(row.lag_events));
      },
    });
    new Gauge({
      name: 'goodpay_consumer_lag_seconds',
      help: 'Age of the oldest event the consumer has not applied yet (0 when caught up)',
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await lags()) this.set({ consumer: row.name }, Math.max(0, row.lag_seconds ?? 0));
      },
    });
  }

  private observeBatches(registry: Registry): void {
    const labelNames = ['consumer'] as const;
    const events = new Histogram({
      name: 'goodpay_consumer_batch_events',
      help: 'Events a consumer handled in one batch (one transaction)',
      labelNames,
      buckets: [0, 1, 10, 50, 100, 500, 1000, 2500, 5000],
      registers: [registry],
    });
    const seconds = new Histogram({
      name: 'goodpay_consumer_batch_seconds',
      help: 'Time of one consumer batch, read to commit',
      labelNames,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const failures = new Counter({
      name: 'goodpay_consumer_failures_total',
      help: 'Consumer batches that failed and rolled back (retried from the same checkpoint)',
      labelNames,
      registers: [registry],
    });
    this.subscriptions.onBatch((report) => {
      const labels = { consumer: report.consumer };
      if (report.error !== undefined) {
        failures.inc(labels);
        return;
      }
      events.observe(labels, report.events);
      seconds.observe(labels, report.seconds);
    });
  }
}

const LAG_SQL = `
  SELECT c.name,
         greatest(head.position - c.last_position, 0)::text AS lag_events,
         extract(epoch FROM now() - (SELECT e.recorded_at FROM events e
                                     WHERE e.global_position > c.last_position
                                     ORDER BY e.global_position LIMIT 1))::float8 AS lag_seconds
  FROM subscription_checkpoints c,
       (SELECT coalesce(max(global_position), 0) AS position FROM events) head`;
