import { randomUUID } from 'node:crypto';
import { addDays, seoulDate } from '@goodpay/shared';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import { RunningSystem } from '../../support/system';

/**
 * Issue 3 as a user meets it: the api and worker processes, over HTTP only. Every read goes
 * through the worker's projections (with ?after= to read one's own write).
 */
describe('e2e: a campaign from opening to refund, over HTTP with the worker running', () => {
  const system = new RunningSystem();
  const today = seoulDate(new Date().toISOString());
  const campaignBody = (name: string) => ({
    name,
    region: { kind: 'province', name: 'Jeonbuk' },
    startsOn: addDays(today, -5),
    endsOn: addDays(today, 60),
    raffle: { rounds: [{ number: 1, startsOn: addDays(today, -5), endsOn: addDays(today, 60) }] },
    participationTarget: { participants: 4, amount: 2_000_000 },
  });

  let staff: string;
  let owner: string;
  let citizen: string;
  let stranger: string;
  let otherOwner: string;
  let organisation: string;
  let organisationId: string;
  let campaignId: string;
  let merchantId: string;
  let citizenPrepayment: { prepaymentId: string; code: string };
  let organisationPrepayment: { prepaymentId: string };

  type Call = Parameters<RunningSystem['request']>[2];
  const send = (method: string, path: string, options: Call = {}) => system.request(method, path, options);
  const create = (path: string, token: string, body: unknown) => send('POST', path, { token, body, idempotencyKey: randomUUID() });
  const eventCount = async () => Number((await system.sql<{ n: string }>('SELECT count(*) AS n FROM events'))[0].n);

  beforeAll(async () => {
    await system.start();
    [staff, owner, citizen, stranger, otherOwner] = await Promise.all([
      system.token('staff-e2e', 'staff'),
      system.token('owner-e2e', 'merchant'),
      system.token('citizen-e2e', 'citizen'),
      system.token('citizen-stranger', 'citizen'),
      system.token('owner-other', 'merchant'),
    ]);
  }, 120_000);
  afterAll(() => system.stop());

  it('staff open a campaign; a shop registers and is approved; an organisation signs its agreement', async () => {
    const campaign = await create('/campaigns', staff, campaignBody('Jeonbuk good prepayment'));
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.campaignId;

    const shop = await create('/merchants', owner, {
      name: 'Hanok Noodles',
      category: 'restaurant',
      district: 'Wansan-gu',
      businessRegistrationNumber: aBusinessRegistrationNumber(),
    });
    expect(shop.status).toBe(201);
    merchantId = shop.body.merchantId;
    expect((await send('POST', `/merchants/${merchantId}/approve`, { token: staff })).status).toBe(200);

    const registered = await create('/organisations', staff, {
      kind: 'public_agency',
      name: 'Jeonju City Hall',
      representativeId: 'rep-e2e',
    });
    expect(registered.status).toBe(201);
    organisationId = registered.body.organisationId;
    organisation = await system.token(organisationId, 'organisation');
    const signed = await create(`/organisations/${organisationId}/agreements`, organisation, {
      campaignId,
      purposes: [{ purpose: 'events', plannedAmount: 1_000_000 }],
      signedOn: today,
    });
    expect(signed.status).toBe(201);
  });

  it('a citizen orders on the platform: nothing to redeem until staff confirm the payment; the shop records an organisation prepaying at the counter, which it claims', async () => {
    const byCitizen = await create('/prepayments', citizen, {
      campaignId,
      merchantId,
      amount: 200_000,
      channel: 'platform',
      paymentConfirmation: { provider: 'toss', externalReference: `pay-${randomUUID()}` },
    });
    expect(byCitizen.status).toBe(201);
    expect(byCitizen.body).toMatchObject({
      prepaymentId: expect.any(String),
      code: expect.stringMatching(/^[0-9A-Z]{8}$/),
      replayed: false,
    });
    citizenPrepayment = byCitizen.body;

    const awaiting = await send('GET', `/prepayments/${citizenPrepayment.prepaymentId}?after=${byCitizen.body.position}`, {
      token: citizen,
    });
    expect(awaiting.body).toMatchObject({ amount: 200_000, balance: 0, status: 'awaiting_payment', channel: 'platform' });
    const unpaidWallet = await send('GET', `/me/wallet?after=${byCitizen.body.position}`, { token: citizen });
    expect(unpaidWallet.body.items).toEqual([
      expect.objectContaining({ prepaymentId: citizenPrepayment.prepaymentId, status: 'awaiting_payment' }),
    ]);
    expect(unpaidWallet.body.totals).toEqual({ count: 0, amount: 0, redeemed: 0, refunded: 0, balance: 0 });
    const tooEarly = await create(`/prepayments/${citizenPrepayment.prepaymentId}/redemptions`, owner, { amount: 1_000 });
    expect(tooEarly).toMatchObject({ status: 422, body: { code: 'payment_not_confirmed' } });

    const confirmed = await send('POST', `/prepayments/${citizenPrepayment.prepaymentId}/payment-confirmation`, {
      token: staff,
      body: { amount: 200_000 },
    });
    expect(confirmed.status).toBe(200);
    const seen = await send('GET', `/prepayments/${citizenPrepayment.prepaymentId}?after=${confirmed.body.position}`, { token: citizen });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      amount: 200_000,
      balance: 200_000,
      status: 'active',
      channel: 'platform',
      merchantName: 'Hanok Noodles',
    });
    const [confirmation] = await system.sql<{ actor: { id: string; role: string } }>(
      `SELECT metadata->'actor' AS actor FROM events WHERE type = 'PrepaymentMade' AND data->>'prepaymentId' = $1`,
      [citizenPrepayment.prepaymentId],
    );
    expect(confirmation.actor).toMatchObject({ id: 'staff-e2e', role: 'staff' });

    const atCounter = await create('/prepayments', owner, {
      campaignId,
      merchantId,
      amount: 1_000_000,
      channel: 'at_shop',
      payer: { id: organisationId, kind: 'organisation' },
    });
    expect(atCounter.status).toBe(201);
    organisationPrepayment = atCounter.body;
    // The shop's word alone makes it nobody's: the organisation sees it once it claims it with the code.
    const path = `/prepayments/${organisationPrepayment.prepaymentId}?after=${atCounter.body.position}`;
    expect(await send('GET', path, { token: organisation })).toMatchObject({ status: 404, body: { code: 'prepayment_not_found' } });
    const claimed = await send('POST', '/prepayments/claims', { token: organisation, body: { code: atCounter.body.code } });
    expect(claimed).toMatchObject({ status: 200, body: { prepaymentId: organisationPrepayment.prepaymentId } });
    const mine = await send('GET', `/prepayments/${organisationPrepayment.prepaymentId}?after=${claimed.body.position}`, {
      token: organisation,
    });
    expect(mine).toMatchObject({ status: 200, body: { payerId: organisationId, payerKind: 'organisation' } });
  });

  it('the shop finds the prepayment by its code, redeems part of it twice and cancels one redemption the same day', async () => {
    const typed = `${citizenPrepayment.code.slice(0, 4).toLowerCase()}-${citizenPrepayment.code.slice(4)}`;
    const found = await send('GET', `/prepayment-codes/${typed}`, { token: owner });
    expect(found).toMatchObject({ status: 200, body: { prepaymentId: citizenPrepayment.prepaymentId } });

    // Through the typed client (libs/api-client): paths, the required Idempotency-Key, bodies and answers are all typed.
    const shop = system.client(owner);
    const id = citizenPrepayment.prepaymentId;
    const redeem = (amount: number) =>
      shop.POST('/prepayments/{id}/redemptions', {
        params: { path: { id }, header: { 'Idempotency-Key': randomUUID() } },
        body: { amount },
      });
    const first = await redeem(50_000);
    const second = await redeem(30_000);
    expect([first.response.status, second.response.status]).toEqual([201, 201]);
    const cancelled = await shop.POST('/prepayments/{id}/redemptions/{redemptionId}/cancel', {
      params: { path: { id, redemptionId: second.data!.redemptionId } },
    });
    expect(cancelled.response.status).toBe(200);

    const detail = await shop.GET('/prepayments/{id}', { params: { path: { id }, query: { after: cancelled.data!.position } } });
    expect(detail.data).toMatchObject({ redeemed: 50_000, balance: 150_000 });
    expect(detail.data!.redemptions).toEqual([
      expect.objectContaining({ redemptionId: first.data!.redemptionId, amount: 50_000, cancelledAt: null }),
      expect.objectContaining({ redemptionId: second.data!.redemptionId, amount: 30_000, cancelledAt: expect.any(String) }),
    ]);

    const wallet = await system.client(citizen).GET('/me/wallet', { params: { query: { after: cancelled.data!.position } } });
    expect(wallet.data!.totals).toEqual({ count: 1, amount: 200_000, redeemed: 50_000, refunded: 0, balance: 150_000 });
  });

  it('the organisation asks for its unused prepayment back within 7 days; the shop approves; it can no longer be redeemed', async () => {
    const requested = await send('POST', `/prepayments/${organisationPrepayment.prepaymentId}/refund-request`, { token: organisation });
    expect(requested.status).toBe(200);
    const approved = await send('POST', `/prepayments/${organisationPrepayment.prepaymentId}/refund-approval`, { token: owner });
    expect(approved.status).toBe(200);

    const refunded = await send('GET', `/prepayments/${organisationPrepayment.prepaymentId}?after=${approved.body.position}`, {
      token: organisation,
    });
    expect(refunded.body).toMatchObject({ status: 'refunded', refunded: 1_000_000, balance: 0, refundBasis: 'within_7_days' });

    const before = await eventCount();
    const late = await create(`/prepayments/${organisationPrepayment.prepaymentId}/redemptions`, owner, { amount: 10_000 });
    expect(late.status).toBeGreaterThanOrEqual(400);
    expect(late.status).toBeLessThan(500);
    expect(late.headers.get('content-type')).toContain('application/problem+json');
    expect(await eventCount()).toBe(before);
  });

  it('the dashboard, the ledger and the invariant check agree with what happened', async () => {
    const last = (await system.sql<{ p: string }>('SELECT max(global_position)::text AS p FROM events'))[0].p;

    const dashboard = await send('GET', `/campaigns/${campaignId}/dashboard?after=${last}`, { token: staff });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toMatchObject({
      participants: { citizens: 1, organisations: 1, total: 2 },
      prepaymentCount: 2,
      amountBroughtForward: 1_200_000,
      redeemed: 50_000,
      refunded: 1_000_000,
      outstanding: 150_000,
      byCategory: [{ key: 'restaurant', prepaymentCount: 2, prepaidAmount: 1_200_000, redeemedAmount: 50_000, refundedAmount: 1_000_000 }],
      byDistrict: [{ key: 'Wansan-gu', prepaymentCount: 2, prepaidAmount: 1_200_000 }],
      progress: { participantsPercent: 50, amountPercent: 60 },
    });

    const ledger = await send('GET', `/merchants/${merchantId}/ledger?after=${last}`, { token: owner });
    expect(ledger.status).toBe(200);
    expect(ledger.body).toMatchObject({
      outstandingLiability: 150_000,
      openPrepayments: 1,
      totals: { prepaidAmount: 1_200_000, prepaidCount: 2, redeemedAmount: 50_000, refundedAmount: 1_000_000, refundCount: 1 },
    });

    // A range of Seoul days: none of this happened in January 2020; the liability is now's either way.
    const past = await send('GET', `/merchants/${merchantId}/ledger?from=2020-01-01&to=2020-01-31`, { token: owner });
    expect(past.body).toMatchObject({ from: '2020-01-01', to: '2020-01-31', days: [], outstandingLiability: 150_000 });
    expect(await send('GET', `/merchants/${merchantId}/ledger?from=2020-02-30`, { token: owner })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed' },
    });

    const check = await send('POST', `/admin/invariants/check?after=${last}`, { token: staff });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({
      ok: true,
      violations: [],
      checkedPrepayments: 2,
      totals: { prepaid: 1_200_000, redeemed: 50_000, refunded: 1_000_000, balance: 150_000 },
    });
  });

  it('shows a prepayment only to its payer, its shop and staff', async () => {
    const path = `/prepayments/${citizenPrepayment.prepaymentId}`;
    for (const token of [stranger, otherOwner, organisation]) {
      expect(await send('GET', path, { token })).toMatchObject({ status: 404, body: { code: 'prepayment_not_found' } });
    }
    expect((await send('GET', path, { token: staff })).status).toBe(200);
    expect(await send('GET', `/merchants/${merchantId}/ledger`, { token: otherOwner })).toMatchObject({
      status: 404,
      body: { code: 'merchant_not_found' },
    });
    expect(await send('GET', `/campaigns/${campaignId}/dashboard`, { token: citizen })).toMatchObject({
      status: 403,
      body: { code: 'wrong_role' },
    });
    expect(await send('GET', '/me/wallet', { token: owner })).toMatchObject({ status: 403, body: { code: 'wrong_role' } });
  });

  it("marks a rehearsal's prepayment in every answer, and keeps its sale out of the shop's ledger", async () => {
    const rehearsal = await create('/campaigns', staff, { ...campaignBody('Rehearsal'), rehearsal: {} });
    expect(rehearsal.status).toBe(201);
    const rehearsalId = rehearsal.body.campaignId;
    const made = await create('/prepayments', citizen, {
      campaignId: rehearsalId,
      merchantId,
      amount: 100_000,
      channel: 'platform',
      paymentConfirmation: { provider: 'toss', externalReference: `pay-${randomUUID()}` },
    });
    expect(made).toMatchObject({ status: 201, body: { isRehearsal: true } });
    const confirmed = await send('POST', `/prepayments/${made.body.prepaymentId}/payment-confirmation`, {
      token: staff,
      body: { amount: 100_000 },
    });
    expect(confirmed.status).toBe(200);
    const redeemed = await create(`/prepayments/${made.body.prepaymentId}/redemptions`, owner, { amount: 10_000 });
    expect(redeemed).toMatchObject({ status: 201, body: { isRehearsal: true } });
    const after = redeemed.body.position;

    const detail = await send('GET', `/prepayments/${made.body.prepaymentId}?after=${after}`, { token: citizen });
    expect(detail).toMatchObject({ status: 200, body: { campaignId: rehearsalId, isRehearsal: true, redeemed: 10_000 } });
    const byCode = await send('GET', `/prepayment-codes/${made.body.code}`, { token: owner });
    expect(byCode.body).toMatchObject({ isRehearsal: true });
    const real = await send('GET', `/prepayments/${citizenPrepayment.prepaymentId}`, { token: citizen });
    expect(real.body).toMatchObject({ isRehearsal: false });
    const wallet = await send('GET', `/me/wallet?after=${after}`, { token: citizen });
    expect(wallet.body.items.map((item: { campaignId: string; isRehearsal: boolean }) => [item.campaignId, item.isRehearsal])).toEqual([
      [rehearsalId, true],
      [campaignId, false],
    ]);

    // The shop's figures are those of the real campaign alone (as in the test above).
    const ledger = await send('GET', `/merchants/${merchantId}/ledger?after=${after}`, { token: owner });
    expect(ledger.body).toMatchObject({
      outstandingLiability: 150_000,
      openPrepayments: 1,
      totals: { prepaidAmount: 1_200_000, prepaidCount: 2, redeemedAmount: 50_000, redemptionCount: 1 },
    });
  });

  describe('every command refuses bad input with problem+json and writes nothing', () => {
    let closedCampaignId: string;
    let suspendedMerchantId: string;

    beforeAll(async () => {
      const closed = await create('/campaigns', staff, campaignBody('Closed campaign'));
      closedCampaignId = closed.body.campaignId;
      expect((await send('POST', `/campaigns/${closedCampaignId}/close`, { token: staff, body: { reason: 'budget spent' } })).status).toBe(
        200,
      );
      const shop = await create('/merchants', otherOwner, {
        name: 'Suspended Cafe',
        category: 'cafe',
        district: 'Deokjin-gu',
        businessRegistrationNumber: aBusinessRegistrationNumber(),
      });
      suspendedMerchantId = shop.body.merchantId;
      expect((await send('POST', `/merchants/${suspendedMerchantId}/approve`, { token: staff })).status).toBe(200);
      expect(
        (await send('POST', `/merchants/${suspendedMerchantId}/suspend`, { token: staff, body: { reason: 'unpaid fees' } })).status,
      ).toBe(200);
    });

    const platform = (overrides: Record<string, unknown> = {}) => ({
      campaignId,
      merchantId,
      amount: 100_000,
      channel: 'platform',
      paymentConfirmation: { provider: 'toss', externalReference: `pay-${randomUUID()}` },
      ...overrides,
    });
    const unknownId = '00000000-0000-4000-8000-00000000abcd';
    const cases: [string, () => Promise<Awaited<ReturnType<typeof send>>>, number, string | RegExp][] = [
      ['an amount given as text', () => create('/prepayments', citizen, platform({ amount: '100000' })), 400, 'validation_failed'],
      ['a negative amount', () => create('/prepayments', citizen, platform({ amount: -100_000 })), 400, 'validation_failed'],
      ['a zero amount', () => create('/prepayments', citizen, platform({ amount: 0 })), 400, 'validation_failed'],
      ['a fractional amount', () => create('/prepayments', citizen, platform({ amount: 100_000.5 })), 400, 'validation_failed'],
      ['an amount above the campaign bound', () => create('/prepayments', citizen, platform({ amount: 300_001 })), 422, /amount/],
      ['an unknown field', () => create('/prepayments', citizen, platform({ discount: 10 })), 400, 'validation_failed'],
      [
        'a campaign id that is not a UUID',
        () => create('/prepayments', citizen, platform({ campaignId: 'jeonbuk' })),
        400,
        'validation_failed',
      ],
      ['an unknown campaign', () => create('/prepayments', citizen, platform({ campaignId: unknownId })), 404, 'campaign_not_found'],
      ['an unknown merchant', () => create('/prepayments', citizen, platform({ merchantId: unknownId })), 404, 'merchant_not_found'],
      ['a closed campaign', () => create('/prepayments', citizen, platform({ campaignId: closedCampaignId })), 422, 'campaign_not_active'],
      [
        'a suspended merchant',
        () => create('/prepayments', citizen, platform({ merchantId: suspendedMerchantId })),
        422,
        'merchant_not_approved',
      ],
      ['staff prepaying', () => create('/prepayments', staff, platform()), 403, 'wrong_role'],
      ['no token', () => send('POST', '/prepayments', { body: platform(), idempotencyKey: randomUUID() }), 401, 'unauthenticated'],
      [
        'broken JSON',
        () => send('POST', '/prepayments', { token: citizen, rawBody: '{"amount": 1', idempotencyKey: randomUUID() }),
        400,
        /./,
      ],
      [
        'a redemption by another shop',
        () => create(`/prepayments/${citizenPrepayment.prepaymentId}/redemptions`, otherOwner, { amount: 1_000 }),
        404,
        'prepayment_not_found',
      ],
      [
        'a redemption by the payer',
        () => create(`/prepayments/${citizenPrepayment.prepaymentId}/redemptions`, citizen, { amount: 1_000 }),
        403,
        'wrong_role',
      ],
      [
        'a redemption beyond the balance',
        () => create(`/prepayments/${citizenPrepayment.prepaymentId}/redemptions`, owner, { amount: 150_001 }),
        422,
        /balance/,
      ],
      [
        'a fractional redemption',
        () => create(`/prepayments/${citizenPrepayment.prepaymentId}/redemptions`, owner, { amount: 0.5 }),
        400,
        'validation_failed',
      ],
      [
        'a redemption of an unknown prepayment',
        () => create(`/prepayments/${unknownId}/redemptions`, owner, { amount: 1_000 }),
        404,
        'prepayment_not_found',
      ],
      [
        'a cancellation of an unknown redemption',
        () => send('POST', `/prepayments/${citizenPrepayment.prepaymentId}/redemptions/${unknownId}/cancel`, { token: owner }),
        404,
        /not_found/,
      ],
      [
        'a refund request by someone else',
        () => send('POST', `/prepayments/${citizenPrepayment.prepaymentId}/refund-request`, { token: stranger }),
        404,
        'prepayment_not_found',
      ],
      [
        'a refund approval with nothing requested',
        () => send('POST', `/prepayments/${citizenPrepayment.prepaymentId}/refund-approval`, { token: owner }),
        422,
        /./,
      ],
    ];

    it.each(cases)('refuses %s', async (_, request, status, code) => {
      const before = await eventCount();
      const answer = await request();
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status, code: expect.stringMatching(code) });
      expect(await eventCount()).toBe(before);
    });
  });
});
