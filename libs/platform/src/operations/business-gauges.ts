import { type DynamicModule, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/**
 * A figure the campaign office watches (outstanding balance, payouts failed), declared by the
 * context that owns its tables as plain data: a gauge name, its help, and one SQL query answering
 * one row with a `value` column. Read when Prometheus scrapes, never in between.
 */
export interface BusinessGauge {
  readonly name: string;
  readonly help: string;
  readonly sql: string;
}

const BUSINESS_GAUGES = Symbol('BUSINESS_GAUGES');

/** Registers each declared gauge in the app's Registry; a query that fails leaves its gauge out of that scrape. */
@Injectable()
class BusinessGaugeCollector implements OnModuleInit {
  constructor(
    @Inject(BUSINESS_GAUGES) private readonly gauges: readonly BusinessGauge[],
    private readonly registry: Registry,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const dataSource = this.dataSource;
    for (const { name, help, sql } of this.gauges) {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          this.reset();
          const rows = (await dataSource.query(sql).catch(() => [])) as { value: string | number | null }[];
          // Gauges are doubles: exact up to 2^53 won, far beyond any campaign's figures.
          if (rows[0]) this.set(Number(rows[0].value ?? 0));
        },
      });
    }
  }
}

/** Only the worker imports this, so each figure is reported by one kind of process. */
@Module({})
export class BusinessGaugesModule {
  static forRoot(gauges: readonly BusinessGauge[]): DynamicModule {
    return { module: BusinessGaugesModule, providers: [{ provide: BUSINESS_GAUGES, useValue: gauges }, BusinessGaugeCollector] };
  }
}
