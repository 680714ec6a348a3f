import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

interface LagRow {
  name: string;
  lag_events: string;
  lag_seconds: number | null;
}

/**
 * `goodpay_consumer_lag_events{consumer}` (events recorded after its checkpoint) and
 * `goodpay_consumer_lag_seconds{consumer}` (age of the oldest of them; 0 when caught up),
 * read from the checkpoints and the log when Prometheus scrapes: two index lookups per consumer.
 */
@Injectable()
export class ConsumerLagMetrics implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    // Absent where a process keeps no metrics (tests that run the consumers on their own).
    @Optional() private readonly registry?: Registry,
  ) {}

  onModuleInit(): void {
    const registry = this.registry;
    if (!registry) return;
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
}

const LAG_SQL = `
  SELECT c.name,
         greatest(head.position - c.last_position, 0)::text AS lag_events,
         extract(epoch FROM now() - (SELECT e.recorded_at FROM events e
                                     WHERE e.global_position > c.last_position
                                     ORDER BY e.global_position LIMIT 1))::float8 AS lag_seconds
  FROM subscription_checkpoints c,
       (SELECT coalesce(max(global_position), 0) AS position FROM events) head`;
