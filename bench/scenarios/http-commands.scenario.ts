import { prepaymentAtShop, prepaymentPool } from '../support/bench';
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
    const { shop, sizes } = bench;
    const pool = await prepaymentPool(bench, 1_000);
    let turn = 0;
    return {
      http_redemptions_per_s: {
        ...(await cannon(bench, {
          connections: sizes.httpConnections,
          seconds: sizes.httpSeconds,
          token: shop.owner,
          next: () => ({ path: `/prepayments/${pool[turn++ % pool.length]}/redemptions`, body: { amount: 100 } }),
        })),
        prepayments: pool.length,
      },
    };
  },
};
