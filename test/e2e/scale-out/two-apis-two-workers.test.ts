import { randomBytes, randomUUID } from 'node:crypto';
import { addDays, seoulDate } from '@goodpay/shared';
import { openShop, type OpenShop } from '../../support/open-shop';
import { eventually } from '../../support/processes';
import { RedisCluster } from '../../support/redis-cluster';
import { countKeysUnder, TEST_REDIS_URL } from '../../support/test-redis';
import { ScaledSystem } from '../../support/scaled-system';

/** The Redis the processes share: the test server's, or a Redis Cluster started here (issue 18, item 2). */
const ON_ONE_REDIS = {
  start: async (): Promise<Record<string, string>> => ({}),
  stop: async () => undefined,
  clusterNodes: () => [] as string[],
};
const onRedisCluster = () => {
  const cluster = new RedisCluster();
  return {
    start: async () => {
      await cluster.start();
      // A hash tag: each queue's keys in one slot, as BullMQ needs on a cluster.
      return { REDIS_CLUSTER_NODES: cluster.seedNodes, QUEUE_PREFIX: `{goodpay-e2e-${randomBytes(5).toString('hex')}}` };
    },
    stop: () => cluster.stop(),
    clusterNodes: () => cluster.seedNodes.split(','),
  };
};

/**
 * Issue 18, item 1: two api and two worker processes on one database and one Redis (and the
 * same on a Redis Cluster of three masters with a replica each), as a
 * deployment scaled out behind a load balancer. Commands alternate between the apis; one worker
 * is SIGKILLed while the traffic runs and the other carries on. Every consumer must still be
 * applied once (the checkpoint's lock serialises the workers), the side-effect jobs must run
 * once (job ids from their causes), and a settlement run asked of both apis at once settles once.
 */
describe.each([
  ['one Redis', () => ON_ONE_REDIS],
  ['a Redis Cluster', onRedisCluster],
])('e2e: two apis and two workers on one database and %s', (_label, makeRedis) => {
  const redis = makeRedis();
  let system: ScaledSystem;
  let shop: OpenShop;

  beforeAll(async () => {
    system = new ScaledSystem({ apis: 2, workers: 2 }, await redis.start());
    await system.start();
    shop = await openShop(system, 'ScaleOut');
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    await redis.stop();
  }, 60_000);

  const created = (answer: { status: number; body: any }) => {
    if (answer.status !== 201) throw new Error(`expected 201, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const prepay = (api: number) =>
    system
      .requestTo(api, 'POST', '/prepayments', {
        token: shop.owner,
        idempotencyKey: randomUUID(),
        body: {
          campaignId: shop.campaignId,
          merchantId: shop.merchantId,
          amount: 100_000,
          channel: 'at_shop',
          payer: { id: `scale-citizen-${randomUUID()}`, kind: 'citizen' },
        },
      })
      .then(created);
  const redeem = (api: number, prepaymentId: string, amount: number) =>
    system
      .requestTo(api, 'POST', `/prepayments/${prepaymentId}/redemptions`, {
        token: shop.owner,
        idempotencyKey: randomUUID(),
        body: { amount },
      })
      .then(created);

  it('applies every event once while a worker dies mid-run and the other carries on', async () => {
    const prepayments: string[] = [];
    let last = '0';
    const later = (position: string) => (BigInt(position) > BigInt(last) ? position : last);
    // Two waves of concurrent commands spread over both apis; the first worker dies in between,
    // with the first wave's batches still being applied.
    for (let wave = 0; wave < 2; wave += 1) {
      const made = await Promise.all(Array.from({ length: 20 }, (_, i) => prepay(i)));
      for (const answer of made) {
        prepayments.push(answer.prepaymentId);
        last = later(answer.position);
      }
      const redeemed = await Promise.all(made.map((answer, i) => redeem(i + 1, answer.prepaymentId, 10_000 * (wave + 1))));
      for (const answer of redeemed) last = later(answer.position);
      if (wave === 0) expect(await system.workers[0].kill('SIGKILL')).toBeNull();
    }

    // The surviving worker carries on: until it has applied everything a read after the last write
    // may answer 503 projection_not_ready (its 5 s are short on a loaded machine), then it reads.
    await eventually(
      async () => (await system.requestTo(0, 'GET', `/prepayments/${prepayments[0]}?after=${last}`, { token: shop.owner })).status === 200,
      'the surviving worker has applied every event',
      60_000,
    );
    // Each api reads its own and the other's writes: the surviving worker applied everything.
    for (const api of [0, 1]) {
      const read = await system.requestTo(api, 'GET', `/prepayments/${prepayments[0]}?after=${last}`, { token: shop.owner });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ amount: 100_000, redeemed: 10_000, balance: 90_000 });
      const second = await system.requestTo(api, 'GET', `/prepayments/${prepayments[25]}?after=${last}`, { token: shop.owner });
      expect(second.body).toMatchObject({ amount: 100_000, redeemed: 20_000, balance: 80_000 });
    }
    // Applied once: the projected balances equal the log's figures, prepayment by prepayment.
    const check = await system.requestTo(1, 'POST', `/admin/invariants/check?after=${last}`, { token: shop.staff });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ ok: true, checkedPrepayments: 40, violations: [] });
    expect(check.body.totals).toMatchObject({ prepaid: 4_000_000, redeemed: 600_000, balance: 3_400_000 });
  });

  it('settles a day asked of both apis at once, and pays each settlement once', async () => {
    // A payment made yesterday (Seoul) on the platform, owed to the shop: the day is over, so it is settled now.
    const yesterday = addDays(seoulDate(new Date().toISOString()), -1);
    const prepaymentId = randomUUID();
    await system.sql(
      `SELECT append_to_streams(ARRAY[$1], ARRAY['prepayment'], ARRAY[0], ARRAY[1], ARRAY[1], ARRAY[0], ARRAY[$2::uuid],
         ARRAY['PrepaymentMade'], ARRAY[1::smallint], ARRAY[$3::jsonb], $4::jsonb, NULL, NULL, NULL, NULL)`,
      [
        `prepayment-${prepaymentId}`,
        randomUUID(),
        JSON.stringify({
          prepaymentId,
          code: 'SC4LE0UT',
          payer: { id: 'scale-citizen-yesterday', kind: 'citizen' },
          merchantId: shop.merchantId,
          campaignId: shop.campaignId,
          amount: 70_000,
          channel: 'platform',
          paymentConfirmation: {
            provider: 'toss',
            externalReference: randomUUID(),
            confirmedBy: 'office',
            confirmedAt: `${yesterday}T03:00:00Z`,
          },
          merchantCategory: 'restaurant',
          merchantDistrict: 'Wansan-gu',
          paidAt: `${yesterday}T03:00:00Z`,
        }),
        JSON.stringify({ correlationId: randomUUID(), causationId: null, actor: { id: 'test', role: 'staff' } }),
      ],
    );

    const runs = await Promise.all(
      [0, 1, 0, 1].map((api) => system.requestTo(api, 'POST', `/settlement-days/${yesterday}/run`, { token: shop.staff })),
    );
    for (const run of runs) expect(run.status).toBe(202);

    const paid = async () =>
      system.sql<{ type: string; n: number }>(
        `SELECT type, count(*)::int AS n FROM events
         WHERE type IN ('SettlementClosed', 'PayoutScheduled', 'PayoutPaid') AND data->>'merchantId' = $1 GROUP BY type`,
        [shop.merchantId],
      );
    await eventually(async () => (await paid()).some((row) => row.type === 'PayoutPaid'), 'the payout is paid', 30_000);
    // The consumers have read past the payout: nothing more is on its way.
    const [{ position }] = await system.sql<{ position: string }>(`SELECT max(global_position)::text AS position FROM events`);
    const settlements = await system.requestTo(0, 'GET', `/settlements?after=${position}`, { token: shop.owner });
    expect(settlements.body).toMatchObject({ total: 1, items: [{ collected: 70_000, payoutStatus: 'paid' }] });
    expect(await paid()).toEqual(
      expect.arrayContaining([
        { type: 'SettlementClosed', n: 1 },
        { type: 'PayoutScheduled', n: 1 },
        { type: 'PayoutPaid', n: 1 },
      ]),
    );
    // Its queues are where it was told: on the cluster, none on the test server's Redis.
    if (redis.clusterNodes().length > 0) {
      expect(
        await countKeysUnder(system.queuePrefix, { REDIS_URL: TEST_REDIS_URL, REDIS_CLUSTER_NODES: redis.clusterNodes() }),
      ).toBeGreaterThan(0);
      expect(await countKeysUnder(system.queuePrefix)).toBe(0);
    }
    const transfers = await system.sql<{ n: number }>(`SELECT count(*)::int AS n FROM payout_transfers WHERE merchant_id = $1`, [
      shop.merchantId,
    ]);
    expect(transfers[0].n).toBe(1);
  });
});
