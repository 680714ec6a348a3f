import { randomUUID } from 'node:crypto';
import { prepaymentAtShop } from '../support/bench';
import { cannon } from '../support/cannon';
import type { Scenario } from './scenario';

/**
 * Many tills redeeming from one balance: every command appends to the same stream, so all but
 * one of each race lose on the expected version and decide again (up to 25 times). Measures
 * that retry path; the balance can never go below zero (checked by the invariants at the end).
 */
export const contendedRedemptionsScenario: Scenario = {
  title: 'redemptions from one balance by many clients',
  produces: ['contended_redemptions_per_s'],
  async run(bench) {
    const { system, shop, sizes } = bench;
    const made = await system.request('POST', '/prepayments', {
      token: shop.owner,
      idempotencyKey: randomUUID(),
      body: prepaymentAtShop(shop),
    });
    if (made.status !== 201) throw new Error(`prepayment: ${made.status} ${JSON.stringify(made.body)}`);
    const path = `/prepayments/${made.body.prepaymentId}/redemptions`;
    return {
      contended_redemptions_per_s: await cannon(bench, {
        connections: sizes.contendedClients,
        seconds: sizes.contendedSeconds,
        token: shop.owner,
        next: () => ({ path, body: { amount: 1 } }),
      }),
    };
  },
};
