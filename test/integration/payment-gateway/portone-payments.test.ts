import { randomUUID } from 'node:crypto';
import { useIsolatedEnv } from '@goodpay/platform';
import { refundIdOf } from '@goodpay/prepayment';
import { PortOneWorld } from './portone-world';

const env = useIsolatedEnv('portone');

/**
 * Money in through PortOne, over real HTTP both ways: goodpay's api (with its workers) on one
 * port, a FakePortOne implementing https://developers.portone.io/api/rest-v2/payment
 * (GET /payments/{paymentId}, POST /payments/{paymentId}/cancel, `Authorization: PortOne
 * <secret>`, `{ type, message }` errors) on another, sending webhooks signed as
 * https://developers.portone.io/opi/ko/integration/webhook/readme-v2 states (Standard Webhooks).
 * On the real PostgreSQL and Redis.
 */
describe('PortOne payments', () => {
  const world = new PortOneWorld(env);
  const citizen = (label: string) => world.token(`${label}-${randomUUID().slice(0, 8)}`, 'citizen');

  beforeAll(() => world.start(), 120_000);
  afterAll(() => world.stop());

  describe('the payer pays the checkout, the server confirms it with PortOne', () => {
    it('orders with a checkout named after the order; only a PAID payment of the order makes it, once', async () => {
      const payer = citizen('payer');
      const order = await world.order(payer, 150_000);
      expect(order.checkout).toEqual({
        provider: 'portone',
        storeId: world.portone.storeId,
        paymentId: order.prepaymentId,
        orderName: 'goodpay prepayment',
        totalAmount: 150_000,
        currency: 'KRW',
      });

      const unpaid = await world.request('POST', `/prepayments/${order.prepaymentId}/payment-check`, { token: payer });
      expect(unpaid).toMatchObject({ status: 200, body: { prepaymentId: order.prepaymentId, status: 'awaiting_payment' } });

      world.portone.pay(order.checkout.paymentId, 150_000);
      const paid = await world.request('POST', `/prepayments/${order.prepaymentId}/payment-check`, { token: payer });
      expect(paid).toMatchObject({ status: 200, body: { status: 'active' } });
      const again = await world.request('POST', `/prepayments/${order.prepaymentId}/payment-check`, { token: payer });
      expect(again).toMatchObject({ status: 200, body: { status: 'active', position: '0' } });

      const made = await world.events(order.prepaymentId, 'PrepaymentMade');
      expect(made).toHaveLength(1);
      expect(made[0]!.data).toMatchObject({
        amount: 150_000,
        paymentConfirmation: { provider: 'portone', externalReference: order.prepaymentId, confirmedBy: 'provider' },
      });
      // Asked as PortOne documents it: its auth scheme, the store, the payment by the order's id.
      const asked = world.portone.callsTo('GET', new RegExp(`^/payments/${order.prepaymentId}$`));
      expect(asked.length).toBeGreaterThanOrEqual(2);
      for (const call of asked) expect(call.authorization).toBe(`PortOne ${world.portone.apiSecret}`);
    });

    it.each<[string, { amount?: number; currency?: string; storeId?: string }, string]>([
      ['another amount', { amount: 90_000 }, 'payment_amount_mismatch'],
      ['another currency', { currency: 'USD' }, 'payment_currency_mismatch'],
      ['another store', { storeId: 'store-00000000-0000-4000-8000-000000000000' }, 'payment_store_mismatch'],
    ])('refuses a payment of %s: problem+json, nothing recorded', async (_what, paidAs, code) => {
      const payer = citizen('mismatch');
      const order = await world.order(payer, 100_000);
      const { amount, ...overrides } = paidAs;
      world.portone.pay(order.checkout.paymentId, amount ?? 100_000, overrides);
      const before = await world.eventCount();
      const answer = await world.request('POST', `/prepayments/${order.prepaymentId}/payment-check`, { token: payer });
      expect(answer).toMatchObject({ status: 422, body: { code } });
      expect(answer.contentType).toContain('application/problem+json');
      expect(await world.eventCount()).toBe(before);
      expect(await world.events(order.prepaymentId, 'PrepaymentMade')).toEqual([]);
    });

    it("refuses a payment reference the client names: the gateway's payment is the order's own", async () => {
      const answer = await world.request('POST', '/prepayments', {
        token: citizen('naming'),
        idempotencyKey: randomUUID(),
        body: {
          campaignId: world.shop.campaignId,
          merchantId: world.shop.merchantId,
          amount: 100_000,
          channel: 'platform',
          paymentConfirmation: { provider: 'portone', externalReference: 'someone-elses-payment' },
        },
      });
      expect(answer).toMatchObject({ status: 400, body: { code: 'payment_named_by_gateway' } });
    });
  });

  describe('webhooks', () => {
    it('a late payment: the signed Transaction.Paid makes the order, by asking PortOne; the same webhook again is refused', async () => {
      const payer = citizen('late');
      const order = await world.order(payer, 200_000);
      world.portone.pay(order.checkout.paymentId, 200_000);
      const delivered = await world.portone.sendWebhook(world.webhookUrl, 'Transaction.Paid', { paymentId: order.checkout.paymentId });
      expect(delivered).toMatchObject({ status: 200, body: { outcome: 'recorded' } });
      expect(await world.events(order.prepaymentId, 'PrepaymentMade')).toHaveLength(1);

      const before = await world.eventCount();
      const replayed = await world.portone.deliver(world.webhookUrl, delivered.payload, delivered.headers, delivered.webhookId);
      expect(replayed).toMatchObject({ status: 409, body: { code: 'webhook_replayed' } });
      expect(await world.eventCount()).toBe(before);
    });

    it('refuses unsigned, forged and stale webhooks before believing anything, and changes nothing', async () => {
      const payer = citizen('forged');
      const order = await world.order(payer, 200_000);
      world.portone.pay(order.checkout.paymentId, 200_000);
      const before = await world.eventCount();
      const paymentId = order.checkout.paymentId;
      const unsigned = await world.portone.sendWebhook(world.webhookUrl, 'Transaction.Paid', { paymentId }, { unsigned: true });
      const forged = await world.portone.sendWebhook(
        world.webhookUrl,
        'Transaction.Paid',
        { paymentId },
        { secret: `whsec_${Buffer.from('not the secret at all!').toString('base64')}` },
      );
      const stale = await world.portone.sendWebhook(
        world.webhookUrl,
        'Transaction.Paid',
        { paymentId },
        { timestamp: new Date(Date.now() - 10 * 60_000) },
      );
      const signed = await world.portone.sendWebhook(world.webhookUrl, 'Transaction.Paid', { paymentId });
      const tampered = await world.portone.deliver(
        world.webhookUrl,
        signed.payload.replace('Transaction.Paid', 'Transaction.Cancelled'),
        { ...signed.headers, 'webhook-id': `msg_${randomUUID()}` },
        'x',
      );
      expect(signed.status).toBe(200); // the control: the same webhook, signed, is taken
      for (const refused of [unsigned, forged, stale, tampered]) {
        expect(refused).toMatchObject({ status: 401, body: { code: 'webhook_signature_invalid' } });
      }
      // Only the signed webhook wrote: the order made and its receipt.
      expect(await world.eventCount()).toBe(before + 2);
    });

    it('a webhook and the payer racing (several of each) record the prepayment exactly once', async () => {
      const payer = citizen('race');
      const order = await world.order(payer, 250_000);
      world.portone.pay(order.checkout.paymentId, 250_000);
      const answers = await Promise.all([
        ...Array.from({ length: 4 }, () => world.request('POST', `/prepayments/${order.prepaymentId}/payment-check`, { token: payer })),
        ...Array.from({ length: 4 }, () =>
          world.portone.sendWebhook(world.webhookUrl, 'Transaction.Paid', { paymentId: order.checkout.paymentId }),
        ),
      ]);
      for (const answer of answers) expect(answer.status).toBe(200);
      expect(await world.events(order.prepaymentId, 'PrepaymentMade')).toHaveLength(1);
    });
  });

  describe('refunds return the money through PortOne', () => {
    it('a refund of an unused prepayment cancels the whole payment, once', async () => {
      const payer = citizen('full');
      const { prepaymentId } = await world.paidPrepayment(payer, 300_000);
      await world.refunded(payer, prepaymentId);
      const cancelled = await world.refundCancelledAtGateway(prepaymentId);
      expect(cancelled).toMatchObject({
        refundId: refundIdOf(prepaymentId),
        provider: 'portone',
        paymentId: prepaymentId,
        amount: 300_000,
        full: true,
      });
      const payment = world.portone.payments.get(prepaymentId)!;
      expect(payment.status).toBe('CANCELLED');
      expect(payment.cancellations).toEqual([
        expect.objectContaining({ totalAmount: 300_000, id: cancelled.cancellationId, reason: `goodpay ${refundIdOf(prepaymentId)}` }),
      ]);
      const sent = world.portone.callsTo('POST', new RegExp(`^/payments/${prepaymentId}/cancel$`));
      expect(sent).toHaveLength(1);
      expect(sent[0]!.body).toMatchObject({ storeId: world.portone.storeId, amount: 300_000, currentCancellableAmount: 300_000 });

      // PortOne then reports the cancellation: reported, and nothing changes.
      const reported = await world.portone.sendWebhook(world.webhookUrl, 'Transaction.Cancelled', {
        paymentId: prepaymentId,
        cancellationId: cancelled.cancellationId,
      });
      expect(reported).toMatchObject({ status: 200, body: { outcome: 'reported' } });
      expect(await world.events(prepaymentId, 'RefundCancelledAtGateway')).toHaveLength(1);
    });

    it('a refund of what is left after a visit cancels that part of the payment', async () => {
      const payer = citizen('partial');
      const { prepaymentId } = await world.paidPrepayment(payer, 250_000);
      const redeemed = await world.request('POST', `/prepayments/${prepaymentId}/redemptions`, {
        token: world.shop.owner,
        body: { amount: 100_000 },
        idempotencyKey: randomUUID(),
      });
      expect(redeemed.status).toBe(201);
      await world.refunded(payer, prepaymentId);
      const cancelled = await world.refundCancelledAtGateway(prepaymentId);
      expect(cancelled).toMatchObject({ amount: 150_000, full: false });
      const payment = world.portone.payments.get(prepaymentId)!;
      expect(payment).toMatchObject({
        status: 'PARTIAL_CANCELLED',
        amount: expect.objectContaining({ total: 250_000, cancelled: 150_000 }),
      });
      expect(payment.cancellations).toHaveLength(1);
    });

    it('while PortOne is down the refund waits and retries with backoff; it is cancelled once when it is back', async () => {
      const payer = citizen('down');
      const { prepaymentId } = await world.paidPrepayment(payer, 150_000);
      world.portone.goDown(2);
      await world.refunded(payer, prepaymentId);
      await world.refundCancelledAtGateway(prepaymentId);
      const payment = world.portone.payments.get(prepaymentId)!;
      expect(payment.cancellations).toHaveLength(1);
      expect(world.portone.calls.filter((call) => call.path.startsWith(`/payments/${prepaymentId}`)).length).toBeGreaterThanOrEqual(4);
    });

    it("a cancellation whose answer was lost is found among the payment's cancellations, not made again", async () => {
      const payer = citizen('lost');
      const { prepaymentId } = await world.paidPrepayment(payer, 150_000);
      world.portone.loseNextCancelAnswer();
      await world.refunded(payer, prepaymentId);
      const cancelled = await world.refundCancelledAtGateway(prepaymentId);
      const payment = world.portone.payments.get(prepaymentId)!;
      expect(payment.cancellations).toHaveLength(1);
      expect(cancelled.cancellationId).toBe(payment.cancellations[0]!.id);
      expect(world.portone.callsTo('POST', new RegExp(`^/payments/${prepaymentId}/cancel$`))).toHaveLength(1);
      expect(payment.status).toBe('CANCELLED');
    });
  });

  describe('a refund of an at-shop prepayment', () => {
    it('is paid by the shop at its counter and recorded by it, once; a platform refund is not', async () => {
      const payerSubject = `counter-${randomUUID().slice(0, 8)}`;
      const payer = world.token(payerSubject, 'citizen');
      const made = await world.request('POST', '/prepayments', {
        token: world.shop.owner,
        idempotencyKey: randomUUID(),
        body: {
          campaignId: world.shop.campaignId,
          merchantId: world.shop.merchantId,
          amount: 200_000,
          channel: 'at_shop',
          payer: { id: payerSubject, kind: 'citizen' },
        },
      });
      expect(made.status).toBe(201);
      const claimed = await world.request('POST', '/prepayments/claims', { token: payer, body: { code: made.body.code } });
      expect(claimed.status).toBe(200);
      const early = await world.request('POST', `/prepayments/${made.body.prepaymentId}/refund-paid-at-counter`, {
        token: world.shop.owner,
      });
      expect(early).toMatchObject({ status: 422, body: { code: 'not_refunded' } });
      await world.refunded(payer, made.body.prepaymentId);

      const paidBack = await world.request('POST', `/prepayments/${made.body.prepaymentId}/refund-paid-at-counter`, {
        token: world.shop.owner,
      });
      expect(paidBack.status).toBe(200);
      const again = await world.request('POST', `/prepayments/${made.body.prepaymentId}/refund-paid-at-counter`, {
        token: world.shop.staff,
      });
      expect(again).toMatchObject({ status: 200, body: { position: '0' } });
      expect(await world.events(made.body.prepaymentId, 'RefundPaidAtCounter')).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({ amount: 200_000, refundId: refundIdOf(made.body.prepaymentId) }),
          actor: expect.objectContaining({ role: 'merchant' }),
        }),
      ]);
      expect(await world.events(made.body.prepaymentId, 'RefundCancelledAtGateway')).toEqual([]);

      const platform = await world.paidPrepayment(citizen('counter-platform'), 100_000);
      const byCounter = await world.request('POST', `/prepayments/${platform.prepaymentId}/refund-paid-at-counter`, {
        token: world.shop.owner,
      });
      expect(byCounter).toMatchObject({ status: 422, body: { code: 'refund_returned_by_gateway' } });
    });
  });
});
