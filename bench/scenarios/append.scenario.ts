import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { POSTGRES_SESSION_OPTIONS } from '@goodpay/platform';
import { type EventMetadata, EventSchemas, EventStore } from '@goodpay/event-store';
import { inParallel, percentile, round, timed } from '../support/measurement';
import type { Scenario } from './scenario';

const metadata: EventMetadata = { correlationId: randomUUID(), causationId: null, actor: { id: 'bench', role: 'staff' } };
const dataOf = (i: number) => ({ amount: 1_000 + i, note: 'bench append' });

/**
 * The event store's append (a new stream per event, expected version checked, the stream row
 * written in the same statement) against the ceiling: the same rows put into the same events
 * table by plain INSERTs. Both with the same number of writers and connections, one after the
 * other in the same run; the ratio is what the store's guarantees cost. A third measure writes
 * the store's two rows (stream and event) in one plain statement: the least its design writes.
 */
export const appendScenario: Scenario = {
  title: 'event store appends vs plain INSERTs',
  produces: [
    'append_events_per_s',
    'append_baseline_events_per_s',
    'append_two_rows_events_per_s',
    'append_ratio',
    'append_two_rows_ratio',
  ],
  async run({ system, sizes, log }) {
    const writers = sizes.appendWriters;
    const measure = async (append: (i: number) => Promise<void>) => {
      await inParallel(Math.min(1_000, sizes.appendEvents), writers, append); // warm connections and plans
      const latencies: number[] = [];
      const { seconds } = await timed(() =>
        inParallel(sizes.appendEvents, writers, async (i) => {
          const started = performance.now();
          await append(i);
          latencies.push(performance.now() - started);
        }),
      );
      return { perSecond: sizes.appendEvents / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
    };

    // One pool at a time: the PostgreSQL server is shared, its connections are not plentiful.
    log(`  ${sizes.appendEvents} appends through the store, ${writers} writers`);
    const dataSource = await new DataSource({
      type: 'postgres',
      url: system.databaseUrl,
      extra: { max: writers, options: POSTGRES_SESSION_OPTIONS },
    }).initialize();
    const appended = await (async () => {
      try {
        const store = new EventStore(dataSource, new EventSchemas());
        return await measure(async (i) => {
          await store.append(
            [
              {
                streamId: `benchappend-${randomUUID()}`,
                expectedVersion: 'no_stream',
                events: [{ type: 'BenchAppended', data: dataOf(i) }],
              },
            ],
            metadata,
          );
        });
      } finally {
        await dataSource.destroy();
      }
    })();

    log(`  ${sizes.appendEvents} plain INSERTs, ${writers} writers`);
    const pool = new Pool({ connectionString: system.databaseUrl, max: writers });
    const baseline = await (async () => {
      try {
        return await measure(async (i) => {
          await pool.query(
            `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
             VALUES ($1, $2, 1, 'BenchAppended', 1, $3, $4)`,
            [randomUUID(), `benchbaseline-${randomUUID()}`, JSON.stringify(dataOf(i)), JSON.stringify(metadata)],
          );
        });
      } finally {
        await pool.end();
      }
    })();

    // The store's two rows (the stream's, with its version, and the event) in one plain
    // statement, without the function's lock, checks and key: what its design costs at least.
    log(`  ${sizes.appendEvents} stream rows and events in one plain statement each, ${writers} writers`);
    const twoRowsPool = new Pool({ connectionString: system.databaseUrl, max: writers });
    const twoRows = await (async () => {
      try {
        return await measure(async (i) => {
          await twoRowsPool.query(
            `WITH stream AS (
               INSERT INTO event_streams (stream_id, stream_type, version) VALUES ($1, 'benchtworows', 1)
               ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id, version)
             INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
             SELECT $2, stream_id, version, 'BenchAppended', 1, $3, $4 FROM stream
             RETURNING global_position, transaction_id, recorded_at`,
            [`benchtworows-${randomUUID()}`, randomUUID(), JSON.stringify(dataOf(i)), JSON.stringify(metadata)],
          );
        });
      } finally {
        await twoRowsPool.end();
      }
    })();

    const extra = { events: sizes.appendEvents, writers };
    return {
      append_events_per_s: {
        value: round(appended.perSecond),
        unit: 'events/s',
        p50_ms: round(appended.p50, 2),
        p99_ms: round(appended.p99, 2),
        ...extra,
      },
      append_baseline_events_per_s: {
        value: round(baseline.perSecond),
        unit: 'events/s',
        p50_ms: round(baseline.p50, 2),
        p99_ms: round(baseline.p99, 2),
        ...extra,
      },
      append_two_rows_events_per_s: {
        value: round(twoRows.perSecond),
        unit: 'events/s',
        p50_ms: round(twoRows.p50, 2),
        p99_ms: round(twoRows.p99, 2),
        ...extra,
      },
      append_ratio: { value: round(appended.perSecond / baseline.perSecond, 3), unit: 'ratio' },
      append_two_rows_ratio: { value: round(twoRows.perSecond / baseline.perSecond, 3), unit: 'ratio' },
    };
  },
};
