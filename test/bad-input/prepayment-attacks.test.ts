import { randomUUID } from 'node:crypto';
import { Subscriptions } from '@goodpay/event-store';
import { useIsolatedEnv } from '@goodpay/platform';
import { MERCHANT_LEDGER, PREPAYMENT_BALANCES } from '@goodpay/prepayment';
import { SETTLEMENT_LEDGER } from '@goodpay/settlement';
import { type OpenShop, openShop } from '../support/open-shop';
import { type Answer, type BadInputApi, startBadInputApi } from './support/bad-input-api';

const env = useIsolatedEnv('prepayattack');

const CONSENT = { version: 'raffle-consent-2025-01', purpose: true, itemsCollected: true, retentionPeriod: true, rightToRefuse: true };

/** Full-width forms of the printable ASCII letters and signs (U+FF01..U+FF5E). */
const fullWidth = (text: string) =>
  [...text].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');

/**
 * Attacks on prepayments, against the api in-process over its HTTP layer (projections caught up
 * by hand where a read is judged): made-up payment references, the same reference in another
 * width or case, a shop naming a citizen who never paid, and probing other people's ids. Every
 * refusal is problem+json with a stable code, never a 5xx, and writes no event.
 */
describe('bad input: prepayment attacks', () => {
  let api: BadInputApi;
  let shop: OpenShop;
  let otherShop: OpenShop;

  const call: BadInputApi['request'] = (method, url, options) => api.request(method, url, options);
  const create = (url: string, token: string, body: unknown) => call('POST', url, { token, body, idempotencyKey: randomUUID() });
  const caughtUp = async () => {
    const subscriptions = api.app.get(Subscriptions, { strict: false });
    for (const name of [PREPAYMENT_BALANCES, MERCHANT_LEDGER, SETTLEMENT_LEDGER]) await subscriptions.catchUpCompletely(name);
  };

  /** A refusal as the standards want it: 4xx problem+json with `status` and `code`, and no event written. */
  async function refused(request: () => Promise<Answer>, status: number, code: string): Promise<Answer> {
    const before = await api.eventCount();
    const answer = await request();
    expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
    expect(answer.contentType).toContain('application/problem+json');
    expect(await api.eventCount()).toBe(before);
    return answer;
  }

  const order = (token: string, provider: string, externalReference: string, amount = 150_000) =>
    create('/prepayments', token, {
      campaignId: shop.campaignId,
      merchantId: shop.merchantId,
      amount,
      channel: 'platform',
      paymentConfirmation: { provider, externalReference },
    });

  beforeAll(async () => {
    api = await startBadInputApi(env);
    shop = await openShop(api.client, 'Attacked');
    otherShop = await openShop(api.client, 'Rival');
  }, 60_000);
  afterAll(() => api?.close());

  describe('a made-up payment reference', () => {
    let citizen: string;
    let forged: { prepaymentId: string; code: string };

    beforeAll(async () => {
      citizen = api.tokenFor('citizen', `forger-${randomUUID()}`);
      const ordered = await order(citizen, 'TOSS', `fake-1-${randomUUID()}`);
      expect(ordered.status).toBe(201);
      forged = ordered.body;
      await caughtUp();
    });

    it('is an order awaiting payment: shown with its status, no balance, nothing in the totals', async () => {
      const wallet = await call('GET', '/me/wallet', { token: citizen });
      expect(wallet.body.items).toEqual([
        expect.objectContaining({ prepaymentId: forged.prepaymentId, status: 'awaiting_payment', balance: 0 }),
      ]);
      expect(wallet.body.totals).toMatchObject({ count: 0, amount: 0, balance: 0 });
      expect((await call('GET', `/prepayment-codes/${forged.code}`, { token: shop.owner })).body).toMatchObject({
        status: 'awaiting_payment',
        balance: 0,
      });
    });

    it('cannot be redeemed, refunded or certified for the raffle', async () => {
      await refused(
        () => create(`/prepayments/${forged.prepaymentId}/redemptions`, shop.owner, { amount: 1_000 }),
        422,
        'payment_not_confirmed',
      );
      await refused(
        () => call('POST', `/prepayments/${forged.prepaymentId}/refund-request`, { token: citizen }),
        422,
        'payment_not_confirmed',
      );
      await refused(
        () =>
          create(`/campaigns/${shop.campaignId}/raffle/certifications`, citizen, {
            name: '홍길동',
            phone: '010-1234-5678',
            consent: CONSENT,
            prepaymentId: forged.prepaymentId,
          }),
        422,
        'payment_not_confirmed',
      );
    });

    it('is owed to no shop by settlement', async () => {
      const { rows } = await api.db.query('SELECT 1 FROM settlement_items WHERE prepayment_id = $1', [forged.prepaymentId]);
      expect(rows).toEqual([]);
    });

    it('is confirmed only by staff, for the amount on the statement', async () => {
      await refused(
        () => call('POST', `/prepayments/${forged.prepaymentId}/payment-confirmation`, { token: citizen, body: { amount: 150_000 } }),
        403,
        'wrong_role',
      );
      await refused(
        () => call('POST', `/prepayments/${forged.prepaymentId}/payment-confirmation`, { token: shop.owner, body: { amount: 150_000 } }),
        403,
        'wrong_role',
      );
      await refused(
        () => call('POST', `/prepayments/${forged.prepaymentId}/payment-confirmation`, { token: shop.staff, body: { amount: 15_000 } }),
        422,
        'payment_amount_mismatch',
      );
    });
  });

  it('is refused when the same reference comes back in another width, case or with invisible characters', async () => {
    const reference = `pay-${randomUUID().slice(0, 8)}`;
    const first = api.tokenFor('citizen', `width-first-${randomUUID()}`);
    const second = api.tokenFor('citizen', `width-second-${randomUUID()}`);
    expect((await order(first, 'toss', reference)).status).toBe(201);
    for (const [provider, externalReference] of [
      ['TOSS', reference.toUpperCase()],
      [fullWidth('toss'), fullWidth(reference.toUpperCase())],
      ['Toss', `\u200b${reference}\u2060`],
      [' toss ', ` ${reference} `],
    ]) {
      await refused(() => order(second, provider, externalReference), 422, 'payment_already_recorded');
    }
  });

  describe('a shop naming a citizen who never paid', () => {
    let victimId: string;
    let victim: string;
    let named: { prepaymentId: string; code: string };

    beforeAll(async () => {
      victimId = `victim-${randomUUID()}`;
      victim = api.tokenFor('citizen', victimId);
      const made = await create('/prepayments', shop.owner, {
        campaignId: shop.campaignId,
        merchantId: shop.merchantId,
        amount: 300_000,
        channel: 'at_shop',
        payer: { id: victimId, kind: 'citizen' },
      });
      expect(made.status).toBe(201);
      named = made.body;
      await caughtUp();
    });

    it("neither uses up the citizen's monthly limit nor shows in their wallet", async () => {
      expect((await call('GET', '/me/wallet', { token: victim })).body).toMatchObject({ items: [], totals: { count: 0, amount: 0 } });
      // The whole month's 300,000 won are still the citizen's own to prepay.
      expect((await order(victim, 'toss', `pay-${randomUUID()}`, 300_000)).status).toBe(201);
    });

    it('cannot be certified for the raffle, refunded or seen by the citizen', async () => {
      await refused(
        () =>
          create(`/campaigns/${shop.campaignId}/raffle/certifications`, victim, {
            name: '김철수',
            phone: '010-2345-6789',
            consent: CONSENT,
            prepaymentId: named.prepaymentId,
          }),
        404,
        'prepayment_not_found',
      );
      await refused(
        () => call('POST', `/prepayments/${named.prepaymentId}/refund-request`, { token: victim }),
        404,
        'prepayment_not_found',
      );
      await refused(() => call('GET', `/prepayments/${named.prepaymentId}`, { token: victim }), 404, 'prepayment_not_found');
    });

    it('stays the counter customer’s, redeemable at the shop by its code', async () => {
      expect((await create(`/prepayments/${named.prepaymentId}/redemptions`, shop.owner, { amount: 10_000 })).status).toBe(201);
    });

    it('is claimed only by the citizen it names, with the code; to others the code does not exist', async () => {
      const stranger = api.tokenFor('citizen', `stranger-${randomUUID()}`);
      const unknown = await refused(
        () => call('POST', '/prepayments/claims', { token: stranger, body: { code: 'ZZZZZZZZ' } }),
        404,
        'prepayment_code_not_found',
      );
      const notTheirs = await refused(
        () => call('POST', '/prepayments/claims', { token: stranger, body: { code: named.code } }),
        404,
        'prepayment_code_not_found',
      );
      expect(withoutIds(notTheirs.body, named.code)).toEqual(withoutIds(unknown.body, 'ZZZZZZZZ'));
      await refused(() => call('POST', '/prepayments/claims', { token: shop.owner, body: { code: named.code } }), 403, 'wrong_role');
    });
  });

  /** A problem body with the id it names, and what changes per request, left out. */
  function withoutIds(body: Record<string, unknown>, id: string) {
    const { correlationId: _c, instance: _i, ...rest } = body;
    return JSON.parse(JSON.stringify(rest).split(id).join('<id>'));
  }

  describe("probing another user's ids", () => {
    let citizenId: string;
    let citizen: string;
    let stranger: string;
    let prepayment: { prepaymentId: string; code: string };
    let redemptionId: string;
    let organisationId: string;
    let otherOrganisation: string;
    const unknownId = () => randomUUID();

    beforeAll(async () => {
      citizenId = `probed-${randomUUID()}`;
      citizen = api.tokenFor('citizen', citizenId);
      stranger = api.tokenFor('citizen', `prober-${randomUUID()}`);
      const ordered = await order(citizen, 'toss', `pay-${randomUUID()}`, 200_000);
      prepayment = ordered.body;
      expect(
        (
          await call('POST', `/prepayments/${prepayment.prepaymentId}/payment-confirmation`, {
            token: shop.staff,
            body: { amount: 200_000 },
          })
        ).status,
      ).toBe(200);
      redemptionId = (await create(`/prepayments/${prepayment.prepaymentId}/redemptions`, shop.owner, { amount: 1_000 })).body.redemptionId;
      const registered = async (name: string) =>
        (await create('/organisations', shop.staff, { kind: 'public_agency', name, representativeId: `rep-${randomUUID()}` })).body
          .organisationId as string;
      organisationId = await registered('Probed Office');
      otherOrganisation = api.tokenFor('organisation', await registered('Probing Office'));
      await caughtUp();
    });

    /** The answer about another's object equals the answer about an unknown id, the ids aside. */
    async function sameAsUnknown(probe: (id: string) => Promise<Answer>, hiddenId: string, status: number, code: string) {
      const missing = unknownId();
      const hidden = await refused(() => probe(hiddenId), status, code);
      const unknown = await refused(() => probe(missing), status, code);
      expect(withoutIds(hidden.body, hiddenId)).toEqual(withoutIds(unknown.body, missing));
    }

    it('answers commands and reads on another payer’s prepayment as on an unknown one', async () => {
      const id = prepayment.prepaymentId;
      await sameAsUnknown(
        (p) => create(`/prepayments/${p}/redemptions`, otherShop.owner, { amount: 1_000 }),
        id,
        404,
        'prepayment_not_found',
      );
      await sameAsUnknown(
        (p) => call('POST', `/prepayments/${p}/redemptions/${redemptionId}/cancel`, { token: otherShop.owner }),
        id,
        404,
        'prepayment_not_found',
      );
      await sameAsUnknown((p) => call('POST', `/prepayments/${p}/refund-request`, { token: stranger }), id, 404, 'prepayment_not_found');
      await sameAsUnknown(
        (p) => call('POST', `/prepayments/${p}/refund-approval`, { token: otherShop.owner }),
        id,
        404,
        'prepayment_not_found',
      );
      await sameAsUnknown(
        (p) => call('POST', `/prepayments/${p}/order-cancellation`, { token: stranger }),
        id,
        404,
        'prepayment_not_found',
      );
      await sameAsUnknown((p) => call('GET', `/prepayments/${p}`, { token: stranger }), id, 404, 'prepayment_not_found');
    });

    it("answers another shop's ledger, pledge and closure as an unknown shop's", async () => {
      await sameAsUnknown(
        (m) => call('GET', `/merchants/${m}/ledger`, { token: otherShop.owner }),
        shop.merchantId,
        404,
        'merchant_not_found',
      );
      await sameAsUnknown(
        (m) => call('PUT', `/merchants/${m}/donation-pledge`, { token: otherShop.owner, body: { basisPoints: 100 } }),
        shop.merchantId,
        404,
        'merchant_not_found',
      );
      await sameAsUnknown(
        (m) => call('POST', `/merchants/${m}/close`, { token: otherShop.owner, body: { reason: 'probe' } }),
        shop.merchantId,
        404,
        'merchant_not_found',
      );
      await sameAsUnknown(
        (m) =>
          create('/prepayments', otherShop.owner, {
            campaignId: shop.campaignId,
            merchantId: m,
            amount: 100_000,
            channel: 'at_shop',
            payer: { id: 'c-1', kind: 'citizen' },
          }),
        shop.merchantId,
        404,
        'merchant_not_found',
      );
    });

    it("answers another organisation's page and agreement as an unknown one's", async () => {
      await sameAsUnknown(
        (o) => call('GET', `/organisations/${o}`, { token: otherOrganisation }),
        organisationId,
        404,
        'organisation_not_found',
      );
      await sameAsUnknown(
        (o) =>
          create(`/organisations/${o}/agreements`, otherOrganisation, {
            campaignId: shop.campaignId,
            purposes: [{ purpose: 'events', plannedAmount: 100_000 }],
            signedOn: '2025-01-20',
          }),
        organisationId,
        404,
        'organisation_not_found',
      );
    });

    it('keeps wrong_role (403) for a role that can never do it', async () => {
      await refused(() => create(`/prepayments/${prepayment.prepaymentId}/redemptions`, citizen, { amount: 1_000 }), 403, 'wrong_role');
      await refused(() => call('POST', `/prepayments/${prepayment.prepaymentId}/refund-approval`, { token: citizen }), 403, 'wrong_role');
    });
  });
});
