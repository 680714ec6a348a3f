import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { COMMUNITY_CHEST_STREAM, DONATION_LEDGER, DONATION_PLEDGES, donorStream, receiptCounterStream } from '@goodpay/donation';
import { EventStore, Subscriptions } from '@goodpay/event-store';
import { useIsolatedEnv } from '@goodpay/platform';
import { ORGANISATION_VIEWS, organisationStream } from '@goodpay/participant';
import { CAMPAIGN_DASHBOARD, MERCHANT_LEDGER, PREPAYMENT_BALANCES, prepaymentStream } from '@goodpay/prepayment';
import { merchantSettlementsStream, payoutStream, SETTLEMENT_LEDGER } from '@goodpay/settlement';
import { ApiModule } from '../../../apps/api/src/api.module';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { checkAnswersOf } from '../../support/openapi-conformance';
import { metadataFor } from '../../support/actors';

const env = useIsolatedEnv('legacy_amounts');
const year = new Date(Date.now() + 9 * 3_600_000).getUTCFullYear();
const day = `${year}-01-14`;

/** What the log may hold from before the money maxima: amounts every old check let through (safe integers)... */
const HUGE = 9_007_199_254_740_991; // 2^53 - 1, what the hostile review donated
const HUGE_TOO = 9_007_199_254_740_990;
/** ...whose sums are past 2^53, and odd: a JavaScript number cannot even hold them. */
const SUM = '18014398509481981';

/**
 * Reads JSON keeping every integer of 16 digits or more as its exact text (JSON.parse would
 * round it): `"total":18014398509481981` becomes `total: '18014398509481981'`.
 */
const exact = (body: string): any => JSON.parse(body.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));

/**
 * Issue 10, finding 3: a citizen donated 2^53 - 1 won twice on a self-reported cashback, a
 * receipt run certified 18 quadrillion won, and from then on the figures, the chest's ledger
 * and the donor's receipts answered 500 forever (the log is append-only). Here such events are
 * appended straight to the store, past today's maxima, as they stand in an old log; every read
 * endpoint of donations, the chest, receipts, settlement, prepayments, the campaign dashboard
 * and organisations' plans must still answer 200 with the exact figures.
 */
describe('reads over amounts written before the money maxima', () => {
  let app: NestFastifyApplication;
  const merchantId = randomUUID();
  const otherMerchantId = randomUUID();
  const campaignId = randomUUID();
  const organisationId = randomUUID();
  const prepaymentIds = [randomUUID(), randomUUID()];
  const settlementIds = [randomUUID(), randomUUID()];
  const donationIds = [randomUUID(), randomUUID(), randomUUID()];
  const pledgeId = randomUUID();
  const receiptId = randomUUID();
  let tokens: Record<'citizen' | 'organisation' | 'staff', string>;

  const get = async (url: string, token?: string) => {
    const response = await app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return {
      status: response.statusCode,
      body:
        response.statusCode === 200 && response.headers['content-type']?.toString().includes('json') ? exact(response.body) : response.body,
      raw: response.body,
    };
  };
  const token = async (subject: string, role: string) =>
    (await app.inject({ method: 'POST', url: '/dev/tokens', payload: { subject, role } })).json<{ token: string }>().token;

  beforeAll(async () => {
    app = checkAnswersOf(await createApiApp(ApiModule, { shutdownHooks: false }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    tokens = {
      citizen: await token('citizen-rich', 'citizen'),
      organisation: await token(organisationId, 'organisation'),
      staff: await token('staff-1', 'staff'),
    };

    const at = `${year}-01-14T03:00:00.000Z`;
    const citizen = { type: 'citizen' as const, id: 'citizen-rich' };
    const shop = { type: 'merchant' as const, id: merchantId };
    const cashback = (donationId: string, amount: number) => ({
      type: 'CashbackDonated',
      data: {
        donationId,
        donor: citizen,
        amount,
        cashbackMonth: `${year}-01`,
        reportedCashback: amount * 2,
        cardLast4: '4321',
        donatedAt: at,
        donatedOn: day,
      },
    });
    const credit = (donationId: string, amount: number, source: 'cashback' | 'pledge') => ({
      type: 'ChestCredited',
      data: { donationId, source, donorType: source === 'cashback' ? 'citizen' : 'merchant', amount, creditedAt: at },
    });
    const made = (prepaymentId: string, amount: number) => ({
      type: 'PrepaymentMade',
      data: {
        prepaymentId,
        code: prepaymentId.slice(0, 8).toUpperCase(),
        payer: { id: organisationId, kind: 'organisation' },
        merchantId,
        campaignId,
        amount,
        channel: 'at_shop',
        paymentConfirmation: null,
        merchantCategory: 'restaurant',
        merchantDistrict: 'Wansan-gu',
        paidAt: at,
      },
    });
    const closed = (settlementId: string, shopId: string, amount: number) => ({
      type: 'SettlementClosed',
      data: {
        settlementId,
        merchantId: shopId,
        day,
        items: [],
        collected: amount,
        refunded: 0,
        feeBasisPoints: 0,
        fee: 0,
        pledge: 0,
        carriedIn: 0,
        payout: amount,
        carriedOut: 0,
        closedAt: `${day}T17:30:00.000Z`,
      },
    });
    const registered = (id: string, name: string) => ({
      type: 'MerchantRegistered',
      data: {
        merchantId: id,
        ownerId: `owner-of-${id}`,
        name,
        category: 'restaurant',
        district: 'Wansan-gu',
        businessRegistrationNumber: '1234567891',
        registeredAt: `${year}-01-07T00:00:00Z`,
      },
    });
    await app.get(EventStore).append(
      [
        { streamId: `merchant-${merchantId}`, expectedVersion: 'any', events: [registered(merchantId, 'Hanok Noodles')] },
        { streamId: `merchant-${otherMerchantId}`, expectedVersion: 'any', events: [registered(otherMerchantId, 'Corner Cafe')] },
        // Two donations on a receipt of their sum, as the attack left them, and a third awaiting one.
        {
          streamId: donorStream(citizen),
          expectedVersion: 'any',
          events: [
            cashback(donationIds[0], HUGE),
            cashback(donationIds[1], HUGE_TOO),
            {
              type: 'DonationReceiptIssued',
              data: {
                receiptId,
                year,
                number: 1,
                donor: citizen,
                donorName: 'ci*****-h',
                items: [
                  { donationId: donationIds[0], source: 'cashback', amount: HUGE, donatedOn: day },
                  { donationId: donationIds[1], source: 'cashback', amount: HUGE_TOO, donatedOn: day },
                ],
                total: HUGE + HUGE_TOO, // a JSON number: rounded in the log
                issuedAt: `${year}-01-15T00:00:00.000Z`,
                issuedOn: `${year}-01-15`,
              },
            },
            cashback(donationIds[2], HUGE),
          ],
        },
        {
          streamId: receiptCounterStream(year),
          expectedVersion: 'any',
          events: [{ type: 'ReceiptNumberAllocated', data: { year, number: 1, receiptId, donor: citizen } }],
        },
        {
          streamId: donorStream(shop),
          expectedVersion: 'any',
          events: [
            {
              type: 'PledgeDonated',
              data: { donationId: pledgeId, donor: shop, amount: HUGE, settlementId: settlementIds[0], donatedOn: day, donatedAt: at },
            },
          ],
        },
        {
          streamId: COMMUNITY_CHEST_STREAM,
          expectedVersion: 'any',
          events: [
            credit(donationIds[0], HUGE, 'cashback'),
            credit(donationIds[1], HUGE_TOO, 'cashback'),
            credit(donationIds[2], HUGE, 'cashback'),
            credit(pledgeId, HUGE, 'pledge'),
          ],
        },
        // Two prepayments of the same organisation at the same shop and campaign.
        { streamId: prepaymentStream(prepaymentIds[0]), expectedVersion: 'any', events: [made(prepaymentIds[0], HUGE)] },
        { streamId: prepaymentStream(prepaymentIds[1]), expectedVersion: 'any', events: [made(prepaymentIds[1], HUGE_TOO)] },
        // Two shops' settlements of the same day, each paid out hugely.
        { streamId: merchantSettlementsStream(merchantId), expectedVersion: 'any', events: [closed(settlementIds[0], merchantId, HUGE)] },
        {
          streamId: merchantSettlementsStream(otherMerchantId),
          expectedVersion: 'any',
          events: [closed(settlementIds[1], otherMerchantId, HUGE_TOO)],
        },
        // An organisation's agreement planning 2^53 - 1 won for each of two purposes.
        {
          streamId: organisationStream(organisationId),
          expectedVersion: 'any',
          events: [
            {
              type: 'OrganisationRegistered',
              data: { organisationId, kind: 'company', name: 'Huge Corp', representativeId: 'rep-1', registeredAt: at },
            },
            {
              type: 'ParticipationAgreementSigned',
              data: {
                organisationId,
                campaignId,
                purposes: [
                  { purpose: 'rent', plannedAmount: HUGE },
                  { purpose: 'supplies', plannedAmount: HUGE_TOO },
                ],
                signedOn: day,
                recordedAt: at,
              },
            },
          ],
        },
        {
          streamId: payoutStream(settlementIds[0]),
          expectedVersion: 'any',
          events: [{ type: 'PayoutScheduled', data: { settlementId: settlementIds[0], merchantId, amount: HUGE, scheduledAt: at } }],
        },
      ],
      metadataFor(),
    );
    const subscriptions = app.get(Subscriptions);
    for (const name of [
      DONATION_PLEDGES,
      DONATION_LEDGER,
      SETTLEMENT_LEDGER,
      PREPAYMENT_BALANCES,
      MERCHANT_LEDGER,
      CAMPAIGN_DASHBOARD,
      ORGANISATION_VIEWS,
    ]) {
      await subscriptions.catchUpCompletely(name);
    }
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  it('answers the public figures exactly', async () => {
    const figures = await get(`/donations/figures?year=${year}`);
    expect(figures.status).toBe(200);
    const citizens = BigInt(HUGE) * 2n + BigInt(HUGE_TOO);
    expect(figures.body).toMatchObject({
      total: String(citizens + BigInt(HUGE)),
      byDonorType: [
        { donorType: 'citizen', amount: String(citizens), donations: 3 },
        { donorType: 'merchant', amount: String(HUGE), donations: 1 },
      ],
      topMerchants: [{ rank: 1, name: 'Hanok Noodles', amount: String(HUGE) }],
    });
  });

  it("answers the donor's donations and receipts exactly, as JSON and as the printed receipt", async () => {
    const mine = await get('/me/donations', tokens.citizen);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: String(BigInt(HUGE) * 2n + BigInt(HUGE_TOO)), unreceipted: String(HUGE) });

    const receipts = await get('/me/donation-receipts', tokens.citizen);
    expect(receipts.status).toBe(200);
    expect(receipts.body).toEqual([expect.objectContaining({ receiptId, total: SUM, itemCount: 2 })]);
    const receipt = await get(`/donation-receipts/${receiptId}`, tokens.citizen);
    expect(receipt.status).toBe(200);
    expect(receipt.body).toMatchObject({ total: SUM, items: [{ amount: String(HUGE) }, { amount: String(HUGE_TOO) }] });
    const printed = await get(`/donation-receipts/${receiptId}?format=html`, tokens.citizen);
    expect(printed.status).toBe(200);
    expect(printed.raw).toContain('18,014,398,509,481,981 원');
  });

  it("answers the chest's ledger exactly", async () => {
    const ledger = await get('/community-chest/ledger', tokens.staff);
    expect(ledger.status).toBe(200);
    const cashback = BigInt(HUGE) * 2n + BigInt(HUGE_TOO);
    const total = cashback + BigInt(HUGE);
    expect(ledger.body).toMatchObject({
      received: { cashback: String(cashback), pledge: String(HUGE), total: String(total) },
      disbursed: 0,
      balance: String(total),
    });
    expect(ledger.body.entries.map((entry: { balance: string }) => entry.balance)).toEqual([
      String(HUGE),
      SUM,
      String(cashback),
      String(total),
    ]);
  });

  it('no longer certifies an amount above the maxima on a new receipt, and still answers', async () => {
    const run = await app.inject({
      method: 'POST',
      url: '/donation-receipts/runs',
      headers: { authorization: `Bearer ${tokens.staff}` },
      payload: { year },
    });
    expect(run.statusCode).toBe(200);
    const issued = run.json<{ issued: { donor: { type: string }; total: number }[] }>().issued;
    // The shop's pledge (a settled amount, a safe integer) gets its receipt; the citizen's third gift of 2^53 - 1 does not.
    expect(issued.map((receipt) => receipt.donor.type)).toEqual(['merchant']);
    await app.get(Subscriptions).catchUpCompletely(DONATION_LEDGER);
    expect((await get('/me/donations', tokens.citizen)).body).toMatchObject({ unreceipted: String(HUGE) });
  });

  it('answers the settlements, their reconciliation and the payouts exactly', async () => {
    const list = await get('/settlements', tokens.staff);
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { payout: string }) => s.payout).sort()).toEqual([String(HUGE_TOO), String(HUGE)]);
    const statement = await get(`/settlements/${settlementIds[0]}`, tokens.staff);
    expect(statement.status).toBe(200);
    expect(statement.body).toMatchObject({ collected: String(HUGE), payout: String(HUGE) });
    const reconciliation = await get(`/settlement-days/${day}/reconciliation`, tokens.staff);
    expect(reconciliation.status).toBe(200);
    expect(reconciliation.body.totals).toMatchObject({ payout: SUM, collected: 0 });
    const payouts = await get('/payouts', tokens.staff);
    expect(payouts.status).toBe(200);
    expect(payouts.body).toEqual([expect.objectContaining({ settlementId: settlementIds[0], amount: String(HUGE) })]);
  });

  it("answers the payer's wallet, the shop's ledger, the campaign dashboard and the organisation's plans exactly", async () => {
    const wallet = await get('/me/wallet', tokens.organisation);
    expect(wallet.status).toBe(200);
    expect(wallet.body.totals).toMatchObject({ count: 2, amount: SUM, balance: SUM });
    const prepayment = await get(`/prepayments/${prepaymentIds[0]}`, tokens.staff);
    expect(prepayment.status).toBe(200);
    expect(prepayment.body).toMatchObject({ amount: String(HUGE), balance: String(HUGE) });
    const ledger = await get(`/merchants/${merchantId}/ledger`, tokens.staff);
    expect(ledger.status).toBe(200);
    expect(ledger.body).toMatchObject({
      totals: { prepaidAmount: SUM, prepaidCount: 2 },
      outstandingLiability: SUM,
      days: [{ day, prepaidAmount: SUM }],
    });
    const dashboard = await get(`/campaigns/${campaignId}/dashboard`, tokens.staff);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toMatchObject({
      amountBroughtForward: SUM,
      outstanding: SUM,
      byCategory: [{ key: 'restaurant', prepaidAmount: SUM }],
    });
    const organisation = await get(`/organisations/${organisationId}`, tokens.organisation);
    expect(organisation.status).toBe(200);
    expect(organisation.body).toMatchObject({ agreements: [{ campaignId, plannedAmount: SUM }] });
    const agreements = await get(`/participation-agreements?campaignId=${campaignId}`, tokens.staff);
    expect(agreements.status).toBe(200);
    expect(agreements.body.items).toEqual([expect.objectContaining({ organisationId, plannedAmount: SUM })]);
    const invariants = await app.inject({
      method: 'POST',
      url: '/admin/invariants/check',
      headers: { authorization: `Bearer ${tokens.staff}` },
    });
    expect(invariants.statusCode).toBe(200);
    expect(exact(invariants.body)).toMatchObject({ ok: true, totals: { prepaid: SUM, balance: SUM } });
  });
});
