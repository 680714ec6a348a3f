import { randomUUID } from 'node:crypto';
import { openShop } from '../../support/open-shop';
import { eventually } from '../../support/processes';
import { FakePortOne } from '../../support/portone/fake-portone';
import { RunningSystem } from '../../support/system';

/**
 * A citizen pays a prepayment through PortOne, uses part of it, and gets the rest back at the
 * gateway: the api and the worker as processes over HTTP, PortOne as a FakePortOne over HTTP
 * (https://developers.portone.io/api/rest-v2/payment, .../opi/ko/integration/webhook/readme-v2).
 */
describe('e2e: a prepayment paid and refunded through the payment gateway', () => {
  const portone = new FakePortOne();
  let system: RunningSystem;

  beforeAll(async () => {
    await portone.start();
    system = await new RunningSystem(portone.env).start();
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    await portone.stop();
  });

  it('orders, pays the checkout, is confirmed by the server, redeems, and the refund is cancelled at PortOne by the worker', async () => {
    const shop = await openShop(system, 'Gateway');
    const citizen = await system.token(`gateway-citizen-${randomUUID().slice(0, 8)}`, 'citizen');

    const ordered = await system.request('POST', '/prepayments', {
      token: citizen,
      idempotencyKey: randomUUID(),
      body: { campaignId: shop.campaignId, merchantId: shop.merchantId, amount: 200_000, channel: 'platform' },
    });
    expect(ordered.status).toBe(201);
    const { prepaymentId, checkout } = ordered.body;
    expect(checkout).toMatchObject({
      provider: 'portone',
      storeId: portone.storeId,
      paymentId: prepaymentId,
      totalAmount: 200_000,
      currency: 'KRW',
    });

    // The payer pays in PortOne's checkout; PortOne also sends its webhook (the late path).
    portone.pay(checkout.paymentId, 200_000);
    const checked = await system.request('POST', `/prepayments/${prepaymentId}/payment-check`, { token: citizen });
    expect(checked).toMatchObject({ status: 200, body: { status: 'active' } });
    const webhook = await portone.sendWebhook(`${system.baseUrl}/payment-webhooks/portone`, 'Transaction.Paid', {
      paymentId: checkout.paymentId,
    });
    expect(webhook).toMatchObject({ status: 200, body: { outcome: 'recorded' } });

    const wallet = await system.request('GET', `/prepayments/${prepaymentId}?after=${checked.body.position}`, { token: citizen });
    expect(wallet.body).toMatchObject({ amount: 200_000, balance: 200_000, status: 'active' });

    const redeemed = await system.request('POST', `/prepayments/${prepaymentId}/redemptions`, {
      token: shop.owner,
      idempotencyKey: randomUUID(),
      body: { amount: 50_000 },
    });
    expect(redeemed.status).toBe(201);
    expect((await system.request('POST', `/prepayments/${prepaymentId}/refund-request`, { token: citizen })).status).toBe(200);
    expect((await system.request('POST', `/prepayments/${prepaymentId}/refund-approval`, { token: shop.owner })).status).toBe(200);

    const cancelledEvent = async () =>
      system.sql<{ data: any }>(`SELECT data FROM events WHERE stream_id = $1 AND type = 'RefundCancelledAtGateway'`, [
        `prepayment-${prepaymentId}`,
      ]);
    await eventually(async () => (await cancelledEvent()).length === 1, 'the worker cancelled the refund at PortOne', 60_000);
    expect((await cancelledEvent())[0]!.data).toMatchObject({ amount: 150_000, full: false, paymentId: prepaymentId });
    const payment = portone.payments.get(prepaymentId)!;
    expect(payment).toMatchObject({ status: 'PARTIAL_CANCELLED', amount: expect.objectContaining({ total: 200_000, cancelled: 150_000 }) });
    expect(payment.cancellations).toHaveLength(1);
    expect(
      await system.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'PrepaymentMade'`, [
        `prepayment-${prepaymentId}`,
      ]),
    ).toEqual([{ n: 1 }]);
  }, 120_000);
});
