import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PREPAYMENT_BALANCES } from '@goodpay/prepayment';
import { openShop, type OpenShop } from '../../support/open-shop';
import { PostgresReplicaPair } from '../../support/postgres-replica';
import { eventually } from '../../support/processes';
import { ScaledSystem } from '../../support/scaled-system';

/**
 * Issue 18, item 3: the queries read a PostgreSQL streaming replica (DATABASE_READ_URL), started
 * here with the primary it follows (initdb, pg_basebackup -R, on free ports); commands and
 * consumers use the primary. Read-your-writes still holds: `?after=` waits until the replica
 * has replayed the projection's checkpoint past the position, and answers 503
 * projection_not_ready when it has not within the timeout.
 */
describe('e2e: queries on a read replica', () => {
  const pair = new PostgresReplicaPair();
  let system: ScaledSystem;
  let shop: OpenShop;

  beforeAll(async () => {
    await pair.start();
    const database = `goodpay_replica_${randomUUID().slice(0, 8)}`;
    system = new ScaledSystem(
      { apis: 1, workers: 1 },
      { DATABASE_URL: `${pair.primaryUrl}/${database}`, DATABASE_READ_URL: `${pair.replicaUrl}/${database}` },
    );
    await system.start();
    shop = await openShop(system, 'Replica');
  }, 180_000);
  afterAll(async () => {
    await system?.stop().catch(() => undefined);
    await pair.stop();
  }, 60_000);

  /** The balances projection's checkpoint has passed `position` on the primary. */
  const appliedOnPrimary = async (position: string): Promise<boolean> => {
    const client = new Client({ connectionString: system.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT 1 FROM subscription_checkpoints c JOIN events e ON e.global_position = $2
         WHERE c.name = $1 AND (c.last_transaction_id, c.last_position) >= (e.transaction_id, e.global_position)`,
        [PREPAYMENT_BALANCES, position],
      );
      return rows.length === 1;
    } finally {
      await client.end();
    }
  };

  it("reads from the replica, and `?after=` waits for the replica's replay of the checkpoint", async () => {
    const made = await system.request('POST', '/prepayments', {
      token: shop.owner,
      idempotencyKey: randomUUID(),
      body: {
        campaignId: shop.campaignId,
        merchantId: shop.merchantId,
        amount: 100_000,
        channel: 'at_shop',
        payer: { id: `replica-citizen-${randomUUID()}`, kind: 'citizen' },
      },
    });
    expect(made.status).toBe(201);
    const { prepaymentId, position: made_at } = made.body;
    const first = await system.request('GET', `/prepayments/${prepaymentId}?after=${made_at}`, { token: shop.owner });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ balance: 100_000 });

    // The replica stops replaying; the primary goes on: a redemption, applied by the worker there.
    await pair.onReplica('SELECT pg_wal_replay_pause()');
    try {
      const redeemed = await system.request('POST', `/prepayments/${prepaymentId}/redemptions`, {
        token: shop.owner,
        idempotencyKey: randomUUID(),
        body: { amount: 30_000 },
      });
      expect(redeemed.status).toBe(201);
      const { position } = redeemed.body;
      await eventually(() => appliedOnPrimary(position), 'the primary has applied the redemption');

      // A plain read answers from the replica: the balance before the redemption.
      const stale = await system.request('GET', `/prepayments/${prepaymentId}`, { token: shop.owner });
      expect(stale.body).toMatchObject({ balance: 100_000 });
      // A read after the redemption's position waits for the replica, and says when it did not get there.
      const notYet = await system.request('GET', `/prepayments/${prepaymentId}?after=${position}`, { token: shop.owner });
      expect(notYet.status).toBe(503);
      expect(notYet.body).toMatchObject({ code: 'projection_not_ready' });

      // Replaying again, the same read waits until the replica has passed it.
      const waiting = system.request('GET', `/prepayments/${prepaymentId}?after=${position}`, { token: shop.owner });
      await pair.onReplica('SELECT pg_wal_replay_resume()');
      const fresh = await waiting;
      expect(fresh.status).toBe(200);
      expect(fresh.body).toMatchObject({ redeemed: 30_000, balance: 70_000 });
    } finally {
      await pair.onReplica('SELECT pg_wal_replay_resume()').catch(() => undefined);
    }
  });
});
