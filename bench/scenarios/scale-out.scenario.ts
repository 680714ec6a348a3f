import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PREPAYMENT_BALANCES } from '@goodpay/prepayment';
import { openShop } from '../../test/support/open-shop';
import { PostgresReplicaPair } from '../../test/support/postgres-replica';
import { ScaledSystem } from '../../test/support/scaled-system';
import { prepaymentAtShop } from '../support/bench';
import { cannon } from '../support/cannon';
import { type Measurement, round } from '../support/measurement';
import { measureProjectionLag, poster, REACHED_SQL } from './projection-lag.scenario';
import type { Scenario } from './scenario';

/** What the scaled systems are started with: the api measured with its rate limits, never reached. */
const benchEnv = (): Record<string, string> => ({
  RATE_LIMIT_DEFAULT: '10000000/1m',
  AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
  LOG_LEVEL: 'warn',
});

/**
 * Prepayments at the counter (no shared stream) through every api of a system of `apis` api and
 * `workers` worker processes on one database and Redis, the connections split between the apis
 * as a load balancer would; the figure is accepted commands per second, summed.
 */
async function commandsPerSecond(bench: Parameters<Scenario['run']>[0], apis: number, workers: number): Promise<Measurement> {
  const system = new ScaledSystem({ apis, workers }, benchEnv());
  try {
    await system.start();
    const shop = await openShop(system, `Scale${apis}x${workers}`);
    const { sizes } = bench;
    const each = await Promise.all(
      system.apiUrls.map((url, i) =>
        cannon(bench, {
          connections: Math.max(1, Math.floor(sizes.httpConnections / apis)),
          seconds: sizes.httpSeconds,
          token: shop.owner,
          next: () => ({ path: '/prepayments', body: prepaymentAtShop(shop) }),
          server: { url, pid: system.apis[i].child.pid },
        }),
      ),
    );
    return {
      value: round(each.reduce((sum, m) => sum + m.value, 0)),
      unit: 'commands/s',
      apis,
      workers,
      p99_ms: Math.max(...each.map((m) => Number(m.p99_ms))),
      failed_5xx: each.reduce((sum, m) => sum + Number(m.failed_5xx), 0),
      connections: sizes.httpConnections,
      seconds: sizes.httpSeconds,
    };
  } finally {
    await system.stop();
  }
}

/**
 * One api and one worker, then two of each, on the same machine, database and Redis: what a
 * second pair of processes adds (issue 18). On a machine of few cores the pairs share them, so
 * the ratio says as much about the cores as about the product; docs/scaling.md reads it.
 */
export const scaleOutScenario: Scenario = {
  title: 'scale-out: one api + worker, then two of each (autocannon on every api)',
  produces: ['scale_out_1x1_per_s', 'scale_out_2x2_per_s'],
  async run(bench) {
    const one = await commandsPerSecond(bench, 1, 1);
    const two = await commandsPerSecond(bench, 2, 2);
    return { scale_out_1x1_per_s: one, scale_out_2x2_per_s: { ...two, of_one: round(two.value / one.value, 3) } };
  },
};

/**
 * The projection lag seen by a reader of a streaming replica (DATABASE_READ_URL): a primary and
 * a replica started for it (initdb, pg_basebackup -R), one api and one worker on them, commands
 * at a fixed rate, and for each the time until the replica has replayed the balances
 * projection's checkpoint past it: what `?after=` waits for on the replica.
 */
export const replicaLagScenario: Scenario = {
  title: 'projection lag read on a streaming replica',
  produces: ['replica_projection_lag_p99_ms'],
  async run(bench) {
    const { sizes } = bench;
    const pair = await new PostgresReplicaPair().start();
    const database = `goodpay_bench_replica_${randomBytes(4).toString('hex')}`;
    const system = new ScaledSystem(
      { apis: 1, workers: 1 },
      { ...benchEnv(), DATABASE_URL: `${pair.primaryUrl}/${database}`, DATABASE_READ_URL: `${pair.replicaUrl}/${database}` },
    );
    const replica = new Pool({ connectionString: `${pair.replicaUrl}/${database}`, max: 2 });
    try {
      await system.start();
      const shop = await openShop(system, 'Replica');
      const client = poster(system.baseUrl, shop.owner, sizes.httpConnections);
      try {
        const lag = await measureProjectionLag({
          rate: sizes.lagCommandsPerSecond,
          durationMs: sizes.lagSeconds * 1000,
          send: () => client.post('/prepayments', prepaymentAtShop(shop)),
          reached: async (positions) =>
            (await replica.query<{ position: string }>(REACHED_SQL, [PREPAYMENT_BALANCES, positions])).rows.map((row) => row.position),
        });
        return { replica_projection_lag_p99_ms: { ...lag, connections: sizes.httpConnections } };
      } finally {
        client.close();
      }
    } finally {
      await replica.end();
      await system.stop();
      await pair.stop();
    }
  },
};
