import { randomUUID } from 'node:crypto';
import { useIsolatedEnv } from '@goodpay/platform';
import { type OpenShop, openShop } from '../support/open-shop';
import { FakePortOne } from '../support/portone/fake-portone';
import { type Answer, type BadInputApi, startBadInputApi } from './support/bad-input-api';

const env = useIsolatedEnv('gatewayattack');

/**
 * Attacks on the payment gateway's edges (PAYMENT_CONFIRMATIONS=portone, against a FakePortOne
 * over real HTTP): webhooks without, with broken or with another key's signatures, bodies that
 * are not what was signed, payment checks of other people's or unknown orders, a client naming
 * its own payment, counter refunds by the wrong role. Each is a 4xx problem+json with a stable
 * code and writes no event.
 */
describe('bad input: payment gateway attacks', () => {
  const portone = new FakePortOne();
  let api: BadInputApi;
  let shop: OpenShop;
  const webhook = (headers: Record<string, string>, payload: string) =>
    api.app.inject({
      method: 'POST',
      url: '/payment-webhooks/portone',
      headers: { 'content-type': 'application/json', ...headers },
      payload,
    });

  async function refused(request: () => Promise<Answer>, status: number, code: string): Promise<void> {
    const before = await api.eventCount();
    const answer = await request();
    expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
    expect(answer.contentType).toContain('application/problem+json');
    expect(await api.eventCount()).toBe(before);
  }

  beforeAll(async () => {
    await portone.start();
    Object.assign(process.env, portone.env);
    api = await startBadInputApi(env);
    shop = await openShop(api.client, 'Gateway');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await portone.stop();
    for (const name of Object.keys(portone.env)) delete process.env[name];
  });

  it('refuses webhooks that are unsigned, partly signed, signed with another key or garbage, or whose body was changed', async () => {
    const payload = JSON.stringify({
      type: 'Transaction.Paid',
      timestamp: new Date().toISOString(),
      data: { paymentId: randomUUID(), storeId: portone.storeId, transactionId: 'tx' },
    });
    const now = String(Math.floor(Date.now() / 1000));
    const cases: Record<string, string>[] = [
      {},
      { 'webhook-id': 'msg_1' },
      { 'webhook-id': 'msg_1', 'webhook-timestamp': now },
      { 'webhook-id': 'msg_1', 'webhook-timestamp': now, 'webhook-signature': '' },
      { 'webhook-id': 'msg_1', 'webhook-timestamp': now, 'webhook-signature': 'v1,AAAA' },
      { 'webhook-id': 'msg_1', 'webhook-timestamp': now, 'webhook-signature': 'v1,not base64 at all!!' },
      { 'webhook-id': 'msg_1', 'webhook-timestamp': 'yesterday', 'webhook-signature': 'v1,AAAA' },
      { 'webhook-id': 'msg_1', 'webhook-timestamp': '99999999999', 'webhook-signature': 'v1,AAAA' },
    ];
    for (const headers of cases) {
      await refused(
        async () => {
          const response = await webhook(headers, payload);
          return { status: response.statusCode, body: response.json(), contentType: String(response.headers['content-type']) };
        },
        401,
        'webhook_signature_invalid',
      );
    }
    // Signed properly, then the body altered; and signed with another store's key.
    const { Webhook } = await import('standardwebhooks');
    const id = `msg_${randomUUID()}`;
    const at = new Date();
    const signature = new Webhook(portone.webhookSecret).sign(id, at, payload);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature };
    await refused(
      async () => {
        const response = await webhook(headers, payload.replace('Transaction.Paid', 'Transaction.Cancelled'));
        return { status: response.statusCode, body: response.json(), contentType: String(response.headers['content-type']) };
      },
      401,
      'webhook_signature_invalid',
    );
    const otherKey = new Webhook(`whsec_${Buffer.from('another store key, not ours').toString('base64')}`).sign(id, at, payload);
    await refused(
      async () => {
        const response = await webhook({ ...headers, 'webhook-signature': otherKey }, payload);
        return { status: response.statusCode, body: response.json(), contentType: String(response.headers['content-type']) };
      },
      401,
      'webhook_signature_invalid',
    );
  });

  it('refuses payment checks of unknown, foreign and at-shop prepayments, and by the wrong role', async () => {
    const payerSubject = `gw-payer-${randomUUID().slice(0, 6)}`;
    const payer = api.tokenFor('citizen', payerSubject);
    const ordered = await api.request('POST', '/prepayments', {
      token: payer,
      idempotencyKey: randomUUID(),
      body: { campaignId: shop.campaignId, merchantId: shop.merchantId, amount: 100_000, channel: 'platform' },
    });
    expect(ordered.status).toBe(201);
    const check = (id: string, token: string) => () => api.request('POST', `/prepayments/${id}/payment-check`, { token });
    await refused(check('00000000-0000-4000-8000-000000000000', payer), 404, 'prepayment_not_found');
    await refused(check(ordered.body.prepaymentId, api.tokenFor('citizen', 'someone-else')), 404, 'prepayment_not_found');
    await refused(check(ordered.body.prepaymentId, shop.owner), 403, 'wrong_role');
    await refused(check('not-a-uuid', payer), 400, 'invalid_id');
    const atShop = await api.request('POST', '/prepayments', {
      token: shop.owner,
      idempotencyKey: randomUUID(),
      body: {
        campaignId: shop.campaignId,
        merchantId: shop.merchantId,
        amount: 100_000,
        channel: 'at_shop',
        payer: { id: payerSubject, kind: 'citizen' },
      },
    });
    await refused(check(atShop.body.prepaymentId, shop.staff), 422, 'no_payment_to_confirm');
  });

  it('refuses a client naming its own payment, and counter refunds by the wrong role or of nothing refunded', async () => {
    const payer = api.tokenFor('citizen', `gw-namer-${randomUUID().slice(0, 6)}`);
    await refused(
      () =>
        api.request('POST', '/prepayments', {
          token: payer,
          idempotencyKey: randomUUID(),
          body: {
            campaignId: shop.campaignId,
            merchantId: shop.merchantId,
            amount: 100_000,
            channel: 'platform',
            paymentConfirmation: { provider: 'portone', externalReference: 'paid-by-someone' },
          },
        }),
      400,
      'payment_named_by_gateway',
    );
    const ordered = await api.request('POST', '/prepayments', {
      token: payer,
      idempotencyKey: randomUUID(),
      body: { campaignId: shop.campaignId, merchantId: shop.merchantId, amount: 100_000, channel: 'platform' },
    });
    const counter = (id: string, token: string) => () => api.request('POST', `/prepayments/${id}/refund-paid-at-counter`, { token });
    await refused(counter(ordered.body.prepaymentId, payer), 403, 'wrong_role');
    await refused(counter(ordered.body.prepaymentId, api.tokenFor('merchant', 'another-shop-owner')), 404, 'prepayment_not_found');
    await refused(counter(ordered.body.prepaymentId, shop.owner), 422, 'refund_returned_by_gateway');
  });
});
