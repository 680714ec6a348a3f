import { randomUUID } from 'node:crypto';
import { seoulDate } from '@goodpay/shared';
import { decodeCsv, parseCsv, TOTALS_LABEL, TRANSFER_COLUMNS } from '@goodpay/settlement';
import { bankResult, fileRowOf, multipartFile } from '../../support/bank-file-result';
import { type OpenShop, openShop, type ProductClient } from '../../support/open-shop';
import { newSigningKey, type OidcClient, type RunningOidcProvider, startOidcProvider } from '../../support/oidc/oidc-provider';
import { FakePortOne } from '../../support/portone/fake-portone';
import { eventually } from '../../support/processes';
import { ShiftedSystem } from '../raffle/support/shifted-system';

const CONSENT = { version: 'raffle-consent-2025-01', purpose: true, itemsCollected: true, retentionPeriod: true, rightToRefuse: true };
const API_AUDIENCE = 'https://api.goodpay.test';
/** A CI as Korean identity verification gives it: 88 characters of base64. */
const CI_OF_HONG = Buffer.alloc(64, 7).toString('base64');

/**
 * Issue 11's "done when", as one journey over HTTP with the api and worker processes, every edge
 * against a real counterpart started here:
 * - sign-in at a real OpenID provider (oidc-provider in a child process, test/support/oidc): staff
 *   and the shop owner get their roles from the provider's role claim, citizens are citizens;
 * - PortOne (test/support/portone/fake-portone.ts, over HTTP, following
 *   https://developers.portone.io/api/rest-v2/identityVerification, .../api/rest-v2/payment and
 *   .../opi/ko/integration/webhook/readme-v2): identity verification fetched by id, the payment
 *   checked server-side, Standard Webhooks, the refund cancelled at the gateway by the worker;
 * - payouts by bulk-transfer file (docs/payouts.md): the account registered and checked, the day
 *   settled, the file downloaded and parsed, the bank's result imported.
 * The processes' clock moves one day ahead (ShiftedSystem) for the day to be settled; everything
 * before it happens at the real time, as the provider and PortOne sign it.
 */
describe('e2e: real edges, one journey: OIDC, 본인인증, PortOne payments and refunds, payouts by bank file', () => {
  const clients: Record<string, OidcClient> = {
    staff: { client_id: 'journey-staff', client_secret: 'staff-secret-0123456789abcdef', roles: ['campaign-staff'] },
    owner: { client_id: 'journey-owner', client_secret: 'owner-secret-0123456789abcdef', roles: ['shop-owner'] },
    hongPhone: { client_id: 'hong-phone-account', client_secret: 'hong-secret-0123456789abcdef' },
    hongTablet: { client_id: 'hong-tablet-account', client_secret: 'hong2-secret-0123456789abcdef' },
    kim: { client_id: 'kim-account', client_secret: 'kim-secret-0123456789abcdef' },
  };
  const portone = new FakePortOne();
  let provider: RunningOidcProvider;
  let system: ShiftedSystem;
  let shop: OpenShop;
  const signIn = (who: keyof typeof clients) => provider.accessToken(clients[who]!);
  const client: ProductClient = {
    token: (subject) => signIn(subject.endsWith('-staff') ? 'staff' : 'owner'),
    request: (method, path, options) => system.request(method, path, options),
  };
  const today = seoulDate(new Date().toISOString());

  const eventCount = async () => Number((await system.sql<{ n: string }>(`SELECT count(*) AS n FROM events`))[0]!.n);
  const eventsOf = (prepaymentId: string, type: string) =>
    system.sql<{ data: any }>(`SELECT data FROM events WHERE stream_id = $1 AND type = $2`, [`prepayment-${prepaymentId}`, type]);
  const webhookUrl = () => `${system.baseUrl}/payment-webhooks/portone`;
  const order = async (token: string, amount: number) => {
    const ordered = await system.request('POST', '/prepayments', {
      token,
      idempotencyKey: randomUUID(),
      body: { campaignId: shop.campaignId, merchantId: shop.merchantId, amount, channel: 'platform' },
    });
    expect(ordered).toMatchObject({
      status: 201,
      body: { checkout: { provider: 'portone', storeId: portone.storeId, totalAmount: amount } },
    });
    return ordered.body as { prepaymentId: string; checkout: { paymentId: string } };
  };
  const certify = (token: string, prepaymentId: string, phone: string) =>
    system.request('POST', `/campaigns/${shop.campaignId}/raffle/certifications`, {
      token,
      idempotencyKey: randomUUID(),
      body: { name: '홍길동', phone, consent: CONSENT, prepaymentId },
    });

  beforeAll(async () => {
    provider = await startOidcProvider({ clients: Object.values(clients), audiences: [API_AUDIENCE], keys: [newSigningKey('ES256')] });
    await portone.start();
    system = new ShiftedSystem({
      ...portone.env,
      OIDC_ISSUER: provider.issuer,
      OIDC_AUDIENCE: API_AUDIENCE,
      OIDC_ROLE_CLAIM: 'goodpay_roles',
      OIDC_ROLE_VALUES: 'staff=campaign-staff,merchant=shop-owner',
      IDENTITY_VERIFICATION: 'portone',
      VERIFIED_IDENTITY_REQUIRED: 'true',
      PAYOUT_ADAPTER: 'bank-file',
    });
    await system.start();
    shop = await openShop(client, 'journey'); // staff and owner act by their OIDC tokens and the provider's roles
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    await portone.stop();
    await provider?.stop();
  });

  let hongPrepaymentId: string;

  it('a citizen signs in by OIDC, verifies their identity through PortOne, pays through the gateway once, redeems and is refunded at the gateway', async () => {
    const hong = await signIn('hongPhone');
    expect(await system.request('GET', '/me/identity-verification', { token: hong })).toMatchObject({
      status: 200,
      body: { verified: false },
    });
    portone.verified('iv-hong-1', { ci: CI_OF_HONG, name: '홍길동', phoneNumber: '01012345678', birthDate: '1990-01-02' });
    const bound = await system.request('POST', '/me/identity-verification', { token: hong, body: { identityVerificationId: 'iv-hong-1' } });
    expect(bound).toMatchObject({ status: 200, body: { verified: true } });
    expect(JSON.stringify(bound.body)).not.toContain(CI_OF_HONG);
    expect(portone.callsTo('GET', /^\/identity-verifications\/iv-hong-1$/).map((call) => call.authorization)).toEqual([
      `PortOne ${portone.apiSecret}`,
    ]);

    // The order answers the checkout; the payer pays at PortOne; the client's check and PortOne's webhook race.
    const { prepaymentId, checkout } = await order(hong, 150_000);
    hongPrepaymentId = prepaymentId;
    portone.pay(checkout.paymentId, 150_000);
    const [checked, webhook] = await Promise.all([
      system.request('POST', `/prepayments/${prepaymentId}/payment-check`, { token: hong }),
      portone.sendWebhook(webhookUrl(), 'Transaction.Paid', { paymentId: checkout.paymentId }),
    ]);
    expect(checked).toMatchObject({ status: 200, body: { status: 'active' } });
    expect(webhook.status).toBe(200);
    expect(await eventsOf(prepaymentId, 'PrepaymentMade')).toHaveLength(1);

    const certified = await certify(hong, prepaymentId, '010-1234-5678');
    expect(certified).toMatchObject({ status: 201, body: { status: 'approved', round: 1, entryId: expect.any(String) } });

    const redeemed = await system.request('POST', `/prepayments/${prepaymentId}/redemptions`, {
      token: await signIn('owner'),
      idempotencyKey: randomUUID(),
      body: { amount: 50_000 },
    });
    expect(redeemed.status).toBe(201);
    expect((await system.request('POST', `/prepayments/${prepaymentId}/refund-request`, { token: hong })).status).toBe(200);
    expect((await system.request('POST', `/prepayments/${prepaymentId}/refund-approval`, { token: await signIn('owner') })).status).toBe(
      200,
    );
    await eventually(
      async () => (await eventsOf(prepaymentId, 'RefundCancelledAtGateway')).length === 1,
      'the worker cancelled at PortOne',
      60_000,
    );
    expect((await eventsOf(prepaymentId, 'RefundCancelledAtGateway'))[0]!.data).toMatchObject({ amount: 100_000, full: false });
    expect(portone.payments.get(prepaymentId)).toMatchObject({
      status: 'PARTIAL_CANCELLED',
      amount: expect.objectContaining({ total: 150_000, cancelled: 100_000 }),
    });
    expect(portone.payments.get(prepaymentId)!.cancellations).toHaveLength(1);
  }, 120_000);

  it('a second account of the same person (same CI) cannot enter the same round twice, nor pass the monthly cap twice', async () => {
    const tablet = await signIn('hongTablet');
    portone.verified('iv-hong-2', { ci: CI_OF_HONG, name: '홍길동', phoneNumber: '01098765432', birthDate: '1990-01-02' });
    const bound = await system.request('POST', '/me/identity-verification', {
      token: tablet,
      body: { identityVerificationId: 'iv-hong-2' },
    });
    expect(bound).toMatchObject({ status: 200, body: { verified: true } });

    const { prepaymentId, checkout } = await order(tablet, 150_000);
    portone.pay(checkout.paymentId, 150_000);
    expect(await system.request('POST', `/prepayments/${prepaymentId}/payment-check`, { token: tablet })).toMatchObject({ status: 200 });
    const again = await certify(tablet, prepaymentId, '010-9876-5432');
    expect(again).toMatchObject({ status: 201, body: { status: 'approved', round: 1 } });
    const entries = await system.sql<{ n: string }>(`SELECT count(*) AS n FROM events WHERE type = 'RaffleEntered'`);
    expect(Number(entries[0]!.n)).toBe(1);

    // 150,000 on each account is the person's 300,000 for the month; the answer reads in Korean, or in English on request.
    const overCap = (language?: string) =>
      system.request('POST', '/prepayments', {
        token: tablet,
        idempotencyKey: randomUUID(),
        headers: language ? { 'accept-language': language } : {},
        body: { campaignId: shop.campaignId, merchantId: shop.merchantId, amount: 100_000, channel: 'platform' },
      });
    const korean = await overCap();
    expect(korean).toMatchObject({ status: 422, body: { code: 'monthly_limit_exceeded', title: '처리할 수 없는 요청' } });
    expect(korean.body.detail).toBe('한 사람의 월 선결제 한도를 넘습니다(한도 300,000원, 남은 금액 0원).');
    const english = await overCap('en');
    expect(english).toMatchObject({ status: 422, body: { code: 'monthly_limit_exceeded', title: 'Unprocessable Entity' } });
    expect(english.body.detail).toBe("The amount would exceed the person's monthly prepayment limit (limit 300,000 won, 0 won left).");

    // The CI, the verified name and phone are nowhere in clear in the log.
    const log = await system.sql<{ data: string }>(`SELECT data::text AS data FROM events WHERE type = 'IdentityVerified'`);
    expect(log).toHaveLength(2);
    for (const { data } of log) for (const secret of [CI_OF_HONG, '01012345678', '홍길동']) expect(data).not.toContain(secret);
  }, 60_000);

  it('forged, replayed and mismatched payments and webhooks change nothing', async () => {
    const kim = await signIn('kim');
    const { prepaymentId, checkout } = await order(kim, 100_000);
    const paidWebhook = await (async () => {
      // The real payment of Hong's order, captured as PortOne sent it.
      const sent = await portone.sendWebhook(webhookUrl(), 'Transaction.Paid', { paymentId: hongPrepaymentId });
      expect(sent.status).toBe(200);
      return sent;
    })();
    const before = await eventCount();

    // Paid 90,000 for an order of 100,000: refused by the server's check, and by the webhook's.
    portone.pay(checkout.paymentId, 90_000);
    const mismatched = await system.request('POST', `/prepayments/${prepaymentId}/payment-check`, { token: kim });
    expect(mismatched).toMatchObject({ status: 422, body: { code: 'payment_amount_mismatch' } });
    const mismatchedWebhook = await portone.sendWebhook(webhookUrl(), 'Transaction.Paid', { paymentId: checkout.paymentId });
    expect(mismatchedWebhook.status).toBeGreaterThanOrEqual(400);
    // Signed with another key, unsigned, or replayed byte for byte.
    const forged = await portone.sendWebhook(
      webhookUrl(),
      'Transaction.Paid',
      { paymentId: checkout.paymentId },
      {
        secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
      },
    );
    expect(forged).toMatchObject({ status: 401, body: { code: 'webhook_signature_invalid' } });
    const unsigned = await portone.sendWebhook(webhookUrl(), 'Transaction.Paid', { paymentId: checkout.paymentId }, { unsigned: true });
    expect(unsigned).toMatchObject({ status: 401, body: { code: 'webhook_signature_invalid' } });
    const replayed = await portone.deliver(webhookUrl(), paidWebhook.payload, paidWebhook.headers, paidWebhook.webhookId);
    expect(replayed).toMatchObject({ status: 409, body: { code: 'webhook_replayed' } });
    // A payment Hong's order never was cannot be claimed by another order's check either.
    expect((await system.request('POST', `/prepayments/${prepaymentId}/payment-check`, { token: await signIn('hongPhone') })).status).toBe(
      404,
    );

    expect(await eventCount()).toBe(before);
    expect(await eventsOf(prepaymentId, 'PrepaymentMade')).toEqual([]);
  }, 60_000);

  it('an unverified citizen pays, but cannot enter the raffle (VERIFIED_IDENTITY_REQUIRED)', async () => {
    const kim = await signIn('kim');
    const { prepaymentId, checkout } = await order(kim, 100_000);
    portone.pay(checkout.paymentId, 100_000);
    expect(await system.request('POST', `/prepayments/${prepaymentId}/payment-check`, { token: kim })).toMatchObject({
      status: 200,
      body: { status: 'active' },
    });
    const refused = await certify(kim, prepaymentId, '010-5555-0001');
    expect(refused).toMatchObject({ status: 403, body: { code: 'identity_verification_required' } });
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  }, 60_000);

  it('the shop registers its account, is settled the next day, appears in a bulk-transfer file, and the imported result marks it paid', async () => {
    const owner = await signIn('owner');
    const registered = await system.request('PUT', `/merchants/${shop.merchantId}/payout-account`, {
      token: owner,
      body: { bankCode: '088', accountNumber: '110-123-456789', holderName: '홍길동(Journey Noodles)' },
    });
    expect(registered).toMatchObject({ status: 200, body: { bankCode: '088', verified: true, accountNumberMasked: '********6789' } });

    // The next day, after the settlement hour: staff (development tokens, issued at the processes' time) run today.
    system.setDaysAhead(1);
    const staff = await system.freshToken('journey-settlement-staff', 'staff');
    expect((await system.request('POST', `/settlement-days/${today}/run`, { token: staff })).status).toBe(202);
    let payout: { merchantId: string; amount: number; status: string } | undefined;
    await eventually(async () => {
      const payouts = (await system.request('GET', '/payouts?status=scheduled', { token: staff })).body as (typeof payout)[];
      payout = payouts.find((candidate) => candidate!.merchantId === shop.merchantId);
      return payout !== undefined;
    }, "the shop's payout is scheduled");
    expect(payout!.amount).toBeGreaterThan(0);

    const made = await system.request('POST', '/payout-files', {
      token: staff,
      idempotencyKey: randomUUID(),
      body: { senderBankCode: '037' },
    });
    expect(made).toMatchObject({ status: 201, body: { count: 1, total: String(payout!.amount) } });
    const downloaded = await fetch(`${system.baseUrl}/payout-files/${made.body.fileId}`, { headers: { authorization: `Bearer ${staff}` } });
    expect(downloaded.status).toBe(200);
    const csv = parseCsv(decodeCsv(Buffer.from(await downloaded.arrayBuffer())));
    expect(csv[0]).toEqual([...TRANSFER_COLUMNS]);
    const rows = csv.slice(1, -1).map(fileRowOf);
    expect(rows).toEqual([
      expect.objectContaining({
        bankCode: '088',
        accountNumber: '110123456789',
        holder: '홍길동(Journey Noodles)',
        amount: String(payout!.amount),
      }),
    ]);
    expect(csv[csv.length - 1]).toEqual([TOTALS_LABEL, '', '', '1건', String(payout!.amount), '', '']);

    const { payload, headers } = multipartFile('file', 'result.csv', bankResult(rows, {}, { encoding: 'euc-kr' }));
    const imported = await fetch(`${system.baseUrl}/payout-files/${made.body.fileId}/result`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${staff}` },
      body: payload,
    });
    expect({ status: imported.status, body: await imported.json() }).toMatchObject({ status: 200, body: { paid: 1, failed: 0 } });
    await eventually(async () => {
      const payouts = (await system.request('GET', '/payouts', { token: staff })).body as { merchantId: string; status: string }[];
      return payouts.find((candidate) => candidate.merchantId === shop.merchantId)?.status === 'paid';
    }, 'the shop is paid');
  }, 120_000);
});
