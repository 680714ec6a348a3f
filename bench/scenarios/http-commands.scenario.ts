import { eventually } from '../../test/support/processes';
import { type Bench, prepaymentAtShop, prepaymentPool } from '../support/bench';
import type { Measurement } from '../support/measurement';
import { cannon } from '../support/cannon';
import type { Scenario } from './scenario';

/** Prepayments recorded at the counter, each for a payer of its own: no stream is shared. */
export const httpPrepaymentsScenario: Scenario = {
  title: 'POST /prepayments through the api (autocannon)',
  produces: ['http_prepayments_per_s'],
  async run(bench) {
    const { shop, sizes } = bench;
    return {
      http_prepayments_per_s: await cannon(bench, {
        connections: sizes.httpConnections,
        seconds: sizes.httpSeconds,
        token: shop.owner,
        next: () => ({ path: '/prepayments', body: prepaymentAtShop(shop) }),
      }),
    };
  },
};

/** Small redemptions spread round robin over many prepayments, as many shops' tills would. */
export const httpRedemptionsScenario: Scenario = {
  title: 'POST /prepayments/:id/redemptions through the api (autocannon)',
  produces: ['http_redemptions_per_s'],
  async run(bench) {
    return { http_redemptions_per_s: await redemptions(bench) };
  },
};

/**
 * The same redemptions with the worker stopped: what the command path alone (api, its
 * statements, Redis) costs, so that the run says how much of a command's price is the read
 * models the worker keeps. The worker is started again and has caught up before the next scenario.
 */
export const httpRedemptionsApiAloneScenario: Scenario = {
  title: 'the same redemptions with the worker stopped (autocannon)',
  produces: ['http_redemptions_api_alone_per_s'],
  async run(bench) {
    await bench.system.stopWorker();
    try {
      return { http_redemptions_api_alone_per_s: await redemptions(bench) };
    } finally {
      await bench.system.startWorker();
      await untilCaughtUp(bench);
    }
  },
};

async function redemptions(bench: Bench): Promise<Measurement> {
  const { shop, sizes } = bench;
  const pool = await prepaymentPool(bench, 1_000);
  let turn = 0;
  return {
    ...(await cannon(bench, {
      connections: sizes.httpConnections,
      seconds: sizes.httpSeconds,
      token: shop.owner,
      next: () => ({ path: `/prepayments/${pool[turn++ % pool.length]}/redemptions`, body: { amount: 100 } }),
    })),
    prepayments: pool.length,
  };
}

/** Until every consumer's checkpoint has passed the last event of the log (a rebuild's own checkpoint aside). */
async function untilCaughtUp({ system }: Bench): Promise<void> {
  const [end] = await system.sql<{ tx: string; position: string }>(
    `SELECT transaction_id::text AS tx, global_position::text AS position FROM events ORDER BY global_position DESC LIMIT 1`,
  );
  if (!end) return;
  await eventually(
    async () => {
      const [{ behind }] = await system.sql<{ behind: number }>(
        `SELECT count(*)::int AS behind FROM subscription_checkpoints
         WHERE name NOT LIKE '%@rebuild' AND (last_transaction_id, last_position) < ($1::xid8, $2::bigint)`,
        [end.tx, end.position],
      );
      return behind === 0;
    },
    'the worker has caught up',
    120_000,
  );
}
