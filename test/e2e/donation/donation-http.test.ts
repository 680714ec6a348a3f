import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DONATION_LEDGER, DONATION_PLEDGES } from '@goodpay/donation';
import { EventStore, Subscriptions } from '@goodpay/event-store';
import { useIsolatedEnv } from '@goodpay/platform';
import { ApiModule } from '../../../apps/api/src/api.module';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { checkAnswersOf } from '../../support/openapi-conformance';
import { metadataFor } from '../../support/actors';

const env = useIsolatedEnv('donation_http');
// The api runs on the real clock: donations are made today, so the receipts are this Seoul year's.
const year = new Date(Date.now() + 9 * 3_600_000).getUTCFullYear();

describe('donations over HTTP', () => {
  let app: NestFastifyApplication;
  const merchantId = randomUUID();
  let tokens: Record<'citizen' | 'other' | 'owner' | 'stranger' | 'staff', string>;

  const call = (method: 'GET' | 'POST', url: string, token?: string, payload?: object, key?: string) =>
    app.inject({
      method,
      url,
      payload,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(key && { 'idempotency-key': key }) },
    });
  const token = async (subject: string, role: string) =>
    (await app.inject({ method: 'POST', url: '/dev/tokens', payload: { subject, role } })).json<{ token: string }>().token;
  const caughtUp = async () => {
    await app.get(Subscriptions).catchUpCompletely(DONATION_PLEDGES);
    await app.get(Subscriptions).catchUpCompletely(DONATION_LEDGER);
  };

  beforeAll(async () => {
    app = checkAnswersOf(await createApiApp(ApiModule, { shutdownHooks: false }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    tokens = {
      citizen: await token('citizen-1', 'citizen'),
      other: await token('citizen-2', 'citizen'),
      owner: await token('owner-1', 'merchant'),
      stranger: await token('owner-2', 'merchant'),
      staff: await token('staff-1', 'staff'),
    };

    // A donation-angel shop whose settlement withheld a pledge, as those contexts record it.
    const settlementId = randomUUID();
    await app.get(EventStore).append(
      [
        {
          streamId: `merchant-${merchantId}`,
          expectedVersion: 'any',
          events: [
            {
              type: 'MerchantRegistered',
              data: {
                merchantId,
                ownerId: 'owner-1',
                name: '<b>Hanok</b> Noodles',
                category: 'restaurant',
                district: 'Wansan-gu',
                businessRegistrationNumber: '1234567891',
                registeredAt: '2025-01-07T00:00:00Z',
              },
            },
          ],
        },
        {
          streamId: `settlement-${merchantId}`,
          expectedVersion: 'any',
          events: [
            {
              type: 'SettlementClosed',
              data: {
                settlementId,
                merchantId,
                day: `${year}-01-14`,
                items: [],
                collected: 100_000,
                refunded: 0,
                feeBasisPoints: 0,
                fee: 0,
                pledge: 1_000,
                carriedIn: 0,
                payout: 99_000,
                carriedOut: 0,
                closedAt: `${year}-01-14T17:30:00.000Z`,
              },
            },
          ],
        },
      ],
      metadataFor(),
    );
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  it('lets a citizen donate cashback once per Idempotency-Key, within the cashback reported', async () => {
    const body = { amount: 7_000, reportedCashback: 10_000, cashbackMonth: `${year}-01`, cardReference: '9410 1234 5678 4321' };
    expect((await call('POST', '/donations', tokens.citizen, body)).json()).toMatchObject({
      status: 400,
      code: 'idempotency_key_required',
    });
    const made = await call('POST', '/donations', tokens.citizen, body, 'donation-0001');
    expect(made.statusCode).toBe(201);
    const { donationId, position } = made.json<{ donationId: string; position: string }>();
    expect((await call('POST', '/donations', tokens.citizen, body, 'donation-0001')).json()).toMatchObject({ donationId, replayed: true });
    expect((await call('POST', '/donations', tokens.citizen, { ...body, amount: 3_001 }, 'donation-0002')).json()).toMatchObject({
      status: 422,
      code: 'donation_exceeds_cashback',
    });
    expect((await call('POST', '/donations', tokens.citizen, { ...body, amount: -5 }, 'donation-0003')).statusCode).toBe(400);
    expect((await call('POST', '/donations', tokens.citizen, { ...body, cardReference: 'abcd' }, 'donation-0004')).json()).toMatchObject({
      status: 400,
      code: 'invalid_card_reference',
    });
    expect((await call('POST', '/donations', tokens.owner, body, 'donation-0005')).json()).toMatchObject({
      status: 403,
      code: 'wrong_role',
    });

    await caughtUp();
    const mine = await call('GET', `/me/donations?after=${position}`, tokens.citizen);
    expect(mine.json()).toMatchObject({ total: 7_000, unreceipted: 7_000, items: [{ donationId, card: '****-4321', source: 'cashback' }] });
    expect(mine.body).not.toContain('9410');
    expect((await call('GET', '/me/donations', tokens.other)).json()).toMatchObject({ total: 0, items: [] });
  });

  it('lets staff run receipts, which donors read as JSON and as printable HTML; nobody else can', async () => {
    expect((await call('POST', '/donation-receipts/runs', tokens.citizen, { year })).statusCode).toBe(403);
    expect((await call('POST', '/donation-receipts/runs', tokens.staff, { year: 'soon' })).statusCode).toBe(400);
    const run = await call('POST', '/donation-receipts/runs', tokens.staff, { year });
    expect(run.statusCode).toBe(200);
    const { issued, position } = run.json<{ issued: { receiptId: string; number: number; donor: { type: string } }[]; position: string }>();
    expect(issued.map((receipt) => [receipt.number, receipt.donor.type]).sort()).toEqual([
      [1, expect.any(String)],
      [2, expect.any(String)],
    ]);
    expect((await call('POST', '/donation-receipts/runs', tokens.staff, { year })).json()).toMatchObject({ issued: [], position: '0' });

    await caughtUp();
    const [citizenReceipt] = (await call('GET', `/me/donation-receipts?after=${position}`, tokens.citizen)).json<
      { receiptId: string; total: number }[]
    >();
    expect(citizenReceipt).toMatchObject({ total: 7_000, itemCount: 1 });
    const json = await call('GET', `/donation-receipts/${citizenReceipt.receiptId}`, tokens.citizen);
    expect(json.json()).toMatchObject({ donorName: 'ci*****-1', total: 7_000, items: [{ amount: 7_000, source: 'cashback' }] });

    const [shopReceipt] = (await call('GET', '/me/donation-receipts', tokens.owner)).json<{ receiptId: string }[]>();
    const html = await call('GET', `/donation-receipts/${shopReceipt.receiptId}?format=html`, tokens.owner);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('사회복지공동모금회');
    expect(html.body).toContain('1,000 원');
    expect(html.body).toContain('&#60;b&#62;Hanok&#60;&#47;b&#62; Noodles');
    expect(html.body).not.toContain('<b>Hanok');

    expect((await call('GET', `/donation-receipts/${shopReceipt.receiptId}`, tokens.staff)).statusCode).toBe(200);
    for (const outsider of [tokens.other, tokens.stranger]) {
      expect((await call('GET', `/donation-receipts/${shopReceipt.receiptId}`, outsider)).json()).toMatchObject({
        status: 404,
        code: 'donation_receipt_not_found',
      });
    }
    expect((await call('GET', `/donation-receipts/${citizenReceipt.receiptId}?format=xml`, tokens.citizen)).statusCode).toBe(400);
  });

  it('lets staff disburse up to the balance and read the chest ledger; anyone reads the figures', async () => {
    expect(
      (await call('POST', '/community-chest/disbursements', tokens.staff, { project: 'Meals', amount: 8_001 }, 'disburse-0001')).json(),
    ).toMatchObject({
      status: 422,
      code: 'insufficient_chest_balance',
    });
    expect(
      (await call('POST', '/community-chest/disbursements', tokens.citizen, { project: 'Meals', amount: 1 }, 'disburse-0002')).statusCode,
    ).toBe(403);
    const given = await call('POST', '/community-chest/disbursements', tokens.staff, { project: 'Meals', amount: 8_000 }, 'disburse-0003');
    expect(given.statusCode).toBe(201);

    await caughtUp();
    const ledger = await call('GET', `/community-chest/ledger?after=${given.json<{ position: string }>().position}`, tokens.staff);
    expect(ledger.json()).toMatchObject({ received: { cashback: 7_000, pledge: 1_000, total: 8_000 }, disbursed: 8_000, balance: 0 });
    expect((await call('GET', '/community-chest/ledger', tokens.citizen)).statusCode).toBe(403);

    const figures = await call('GET', `/donations/figures?year=${year}`);
    expect(figures.statusCode).toBe(200);
    expect(figures.json()).toMatchObject({
      total: 8_000,
      byDonorType: [
        { donorType: 'citizen', amount: 7_000, donors: 1, donations: 1 },
        { donorType: 'merchant', amount: 1_000, donors: 1, donations: 1 },
      ],
      topMerchants: [{ rank: 1, name: '<b>Hanok</b> Noodles', amount: 1_000 }],
    });
    expect(figures.body).not.toContain('owner-1');
  });
});
