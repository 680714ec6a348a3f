import { randomUUID } from 'node:crypto';
import { openShop, type OpenShop } from '../../support/open-shop';
import { eventually } from '../../support/processes';
import { RunningSystem } from '../../support/system';

/**
 * Issue 14, observability: a worker process answers /health, /ready and /metrics, and the
 * figures move with what happens (consumer lag, queues, business gauges, command refusals).
 */
describe('e2e: the worker and api report health and metrics', () => {
  const system = new RunningSystem();
  let workerUrl: string;
  let shop: OpenShop;

  /** One sample's value from a Prometheus text answer, or undefined when the series is absent. */
  const sample = (text: string, series: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  const metrics = async (base: string) => (await fetch(`${base}/metrics`)).text();

  beforeAll(async () => {
    await system.start();
    workerUrl = /\/metrics on (http:\/\/\S+?)["\s]/.exec(system.worker!.output())?.[1] ?? '';
    shop = await openShop(system, 'Metrics');
  }, 120_000);
  afterAll(() => system.stop());

  it('the worker serves /health and /ready on its own port', async () => {
    expect(workerUrl).toMatch(/^http:\/\/[\d.]+:\d+$/);
    expect((await fetch(`${workerUrl}/health`)).status).toBe(200);
    const ready = await fetch(`${workerUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('a prepayment shows in the business gauges once the consumers have applied it, with no lag left', async () => {
    const made = await system.request('POST', '/prepayments', {
      token: shop.owner,
      idempotencyKey: randomUUID(),
      body: {
        campaignId: shop.campaignId,
        merchantId: shop.merchantId,
        amount: 123_000,
        channel: 'at_shop',
        payer: { id: 'metrics-citizen', kind: 'citizen' },
      },
    });
    expect(made.status).toBe(201);
    await eventually(
      async () => sample(await metrics(workerUrl), 'goodpay_outstanding_balance_krw') === 123_000,
      'the balance is reported',
    );
    const text = await metrics(workerUrl);
    expect(sample(text, 'goodpay_prepaid_today_krw')).toBe(123_000);
    expect(sample(text, 'goodpay_payouts_failed')).toBe(0);
    expect(sample(text, 'goodpay_messages_failed')).toBe(0);
    await eventually(async () => {
      const lags = (await metrics(workerUrl)).split('\n').filter((l) => l.startsWith('goodpay_consumer_lag_events{'));
      return lags.length > 0 && lags.every((l) => l.endsWith(' 0'));
    }, 'every consumer has caught up');
    const after = await metrics(workerUrl);
    expect(after).toMatch(/^goodpay_queue_jobs\{queue="[^"]+",state="waiting"\} \d+$/m);
    // The balances projection handled the prepayment in a batch of its own, and no batch failed.
    expect(sample(after, 'goodpay_consumer_batch_events_sum{consumer="prepayment-balances"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'goodpay_consumer_batch_seconds_count{consumer="prepayment-balances"}')).toBeGreaterThanOrEqual(1);
    expect(after).not.toMatch(/^goodpay_consumer_failures_total\{[^}]*\} [1-9]/m);
  });

  it('the api counts commands by outcome and refusals by their problem code', async () => {
    const body = {
      campaignId: shop.campaignId,
      merchantId: shop.merchantId,
      amount: -5,
      channel: 'at_shop',
      payer: { id: 'metrics-citizen', kind: 'citizen' },
    };
    const refused = await system.request('POST', '/prepayments', { token: shop.owner, idempotencyKey: randomUUID(), body });
    expect(refused.status).toBe(400);
    const text = await metrics(system.baseUrl);
    expect(sample(text, `goodpay_command_refusals_total{command="POST /prepayments",code="${refused.body.code}"}`)).toBe(1);
    expect(sample(text, 'goodpay_commands_total{command="POST /prepayments",outcome="accepted"}')).toBe(1);
    expect(sample(text, 'goodpay_commands_total{command="POST /prepayments",outcome="refused"}')).toBe(1);
  });
});
