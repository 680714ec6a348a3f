import { randomUUID } from 'node:crypto';
import { addDays, seoulDate } from '@goodpay/shared';
import { useIsolatedEnv } from '@goodpay/platform';
import { KRW_LIMITS, type KrwLimit } from '@goodpay/shared';
import { openShop, type OpenShop } from '../support/open-shop';
import { type BadInputApi, startBadInputApi } from './support/bad-input-api';

const env = useIsolatedEnv('money_attacks');

/** Where the attacked amount goes in a body: replaced by the raw JSON text of the attack. */
const AMOUNT = '§amount§';

/**
 * Amounts no command may take, as raw JSON text: past 2^53 (and exactly 2^53 - 1, what the
 * hostile review donated), absurdly large, beyond a double, negative, zero, fractional, and of
 * other types. The route's own maximum + 1 is added per field.
 */
const ATTACKS = [
  '9007199254740993',
  '9007199254740991',
  '18014398509481982',
  '1e21',
  '1e308',
  '1e400',
  '123456789012345678901234567890',
  '-1',
  '-9007199254740991',
  '0',
  '-0',
  '0.5',
  '100000.5',
  '1e-7',
  '"100000"',
  '"1e3"',
  '"9007199254740993"',
  'null',
  'true',
  '[100000]',
  '{"amount":100000}',
];

interface Target {
  label: string;
  method: 'POST' | 'PATCH';
  url: () => string;
  token: () => string;
  /** A body valid but for the AMOUNT placeholder; `control` is an amount that is accepted. */
  body: () => unknown;
  limit: KrwLimit;
  control: number;
}

/**
 * Issue 10, finding 3: every route that takes an amount, attacked on each amount field.
 * Each attack must be a 4xx problem+json with a stable code, and the log must stay as it was;
 * an amount above the field's maximum in KRW_LIMITS is refused at the edge (validation_failed).
 * The same body with a plausible amount is accepted, so the amount is the only defect.
 */
describe('bad input: money attacks on every route that takes an amount', () => {
  let api: BadInputApi;
  let shop: OpenShop;
  let citizen: string;
  let organisation: string;
  let organisationId: string;
  let prepaymentId: string;
  const today = seoulDate(new Date().toISOString());

  beforeAll(async () => {
    api = await startBadInputApi(env);
    shop = await openShop(api.client, 'Money');
    citizen = api.tokenFor('citizen', 'money-citizen');
    const registered = await api.client.request('POST', '/organisations', {
      token: shop.staff,
      idempotencyKey: randomUUID(),
      body: { kind: 'business_association', name: 'Money SME Federation', representativeId: 'money-rep' },
    });
    organisationId = registered.body.organisationId;
    organisation = api.tokenFor('organisation', organisationId);
    const made = await api.client.request('POST', '/prepayments', {
      token: shop.owner,
      idempotencyKey: randomUUID(),
      body: {
        campaignId: shop.campaignId,
        merchantId: shop.merchantId,
        amount: 200_000,
        channel: 'at_shop',
        payer: { id: 'money-citizen', kind: 'citizen' },
      },
    });
    if (made.status !== 201) throw new Error(`prepayment: ${made.status} ${JSON.stringify(made.body)}`);
    prepaymentId = made.body.prepaymentId;
    // Something in the chest, so a disbursement within the balance is accepted.
    const given = await api.client.request('POST', '/donations', {
      token: citizen,
      idempotencyKey: randomUUID(),
      body: { amount: 50_000, reportedCashback: 50_000, cashbackMonth: today.slice(0, 7), cardReference: '4321' },
    });
    if (given.status !== 201) throw new Error(`donation: ${given.status} ${JSON.stringify(given.body)}`);
  }, 60_000);

  afterAll(() => api?.close());

  const campaignBody = (override: (amount: string) => object) => () => ({
    name: 'Attacked campaign',
    region: { kind: 'city', name: 'Jeonju' },
    startsOn: today,
    endsOn: addDays(today, 30),
    participationTarget: { participants: 100, amount: 1_000_000 },
    ...override(AMOUNT),
  });
  const month = today.slice(0, 7);
  const targets: Target[] = [
    {
      label: 'a cashback donation',
      method: 'POST',
      url: () => '/donations',
      token: () => citizen,
      body: () => ({ amount: AMOUNT, reportedCashback: 200_000, cashbackMonth: month, cardReference: '4321' }),
      limit: KRW_LIMITS.monthlyCashback,
      control: 1_000,
    },
    {
      label: 'the cashback reported',
      method: 'POST',
      url: () => '/donations',
      token: () => citizen,
      body: () => ({
        amount: 1_000,
        reportedCashback: AMOUNT,
        cashbackMonth: `${Number(month.slice(0, 4)) - 1}-12`,
        cardReference: '4321',
      }),
      limit: KRW_LIMITS.monthlyCashback,
      control: 200_000,
    },
    {
      label: 'a chest disbursement',
      method: 'POST',
      url: () => '/community-chest/disbursements',
      token: () => shop.staff,
      body: () => ({ project: 'Warm meals', amount: AMOUNT }),
      limit: KRW_LIMITS.chestDisbursement,
      control: 1_000,
    },
    {
      label: 'a prepayment at the counter',
      method: 'POST',
      url: () => '/prepayments',
      token: () => shop.owner,
      body: () => ({
        campaignId: shop.campaignId,
        merchantId: shop.merchantId,
        amount: AMOUNT,
        channel: 'at_shop',
        payer: { id: 'money-citizen', kind: 'citizen' },
      }),
      limit: KRW_LIMITS.prepayment,
      control: 100_000,
    },
    {
      label: 'a redemption',
      method: 'POST',
      url: () => `/prepayments/${prepaymentId}/redemptions`,
      token: () => shop.owner,
      body: () => ({ amount: AMOUNT }),
      limit: KRW_LIMITS.redemption,
      control: 1_000,
    },
    {
      label: "an organisation's planned amount",
      method: 'POST',
      url: () => `/organisations/${organisationId}/agreements`,
      token: () => organisation,
      body: () => ({ campaignId: shop.campaignId, purposes: [{ purpose: 'rent', plannedAmount: AMOUNT }], signedOn: today }),
      limit: KRW_LIMITS.organisationPlan,
      control: 3_000_000,
    },
    {
      label: "a campaign's per-prepayment maximum",
      method: 'POST',
      url: () => '/campaigns',
      token: () => shop.staff,
      body: campaignBody((amount) => ({
        bounds: {
          minPerPrepayment: 1_000,
          maxPerPrepayment: amount,
          maxPerPersonPerMonth: 100_000_000,
          organisationMaxPerPrepayment: 100_000_000,
        },
      })),
      limit: KRW_LIMITS.campaignPrepaymentSetting,
      control: 300_000,
    },
    {
      label: "a campaign's target",
      method: 'POST',
      url: () => '/campaigns',
      token: () => shop.staff,
      body: campaignBody((amount) => ({ participationTarget: { participants: 100, amount } })),
      limit: KRW_LIMITS.campaignTarget,
      control: 5_000_000_000,
    },
    {
      label: "a raffle's prize",
      method: 'POST',
      url: () => '/campaigns',
      token: () => shop.staff,
      body: campaignBody((amount) => ({ raffle: { minimumCertifiedAmount: 100_000, prize: amount, budget: 1_000_000 } })),
      limit: KRW_LIMITS.rafflePrize,
      control: 20_000,
    },
    {
      label: "a raffle's budget",
      method: 'POST',
      url: () => '/campaigns',
      token: () => shop.staff,
      body: campaignBody((amount) => ({ raffle: { minimumCertifiedAmount: 100_000, prize: 1, budget: amount } })),
      limit: KRW_LIMITS.raffleBudget,
      control: 3_000_000,
    },
    {
      label: "a raffle's minimum certified amount",
      method: 'POST',
      url: () => '/campaigns',
      token: () => shop.staff,
      body: campaignBody((amount) => ({ raffle: { minimumCertifiedAmount: amount, prize: 20_000, budget: 3_000_000 } })),
      limit: KRW_LIMITS.raffleCertifiedAmount,
      control: 100_000,
    },
    {
      label: "a campaign's changed target",
      method: 'PATCH',
      url: () => `/campaigns/${shop.campaignId}`,
      token: () => shop.staff,
      body: () => ({ participationTarget: { amount: AMOUNT } }),
      limit: KRW_LIMITS.campaignTarget,
      control: 6_000_000_000,
    },
  ];

  const send = (target: Target, amount: string) =>
    api.app.inject({
      method: target.method,
      url: target.url(),
      payload: JSON.stringify(target.body()).replace(`"${AMOUNT}"`, amount),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token()}`, 'idempotency-key': randomUUID() },
    });

  it.each(targets.map((target) => [target.label, target] as const))('refuses every attack on %s, writing nothing', async (_, target) => {
    const failures: string[] = [];
    for (const amount of [...ATTACKS, String(target.limit.max + 1)]) {
      const before = await api.eventCount();
      const response = await send(target, amount);
      const { problems: wrong } = await api.refusalProblems(response, before);
      if (wrong.length > 0) failures.push(`${amount}: ${wrong.join(', ')} -> ${response.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);

    const aboveMaximum = (await send(target, String(target.limit.max + 1))).json();
    expect(aboveMaximum).toMatchObject({ status: 400, code: 'validation_failed' });
    // The body is valid but for the amount: a plausible one is accepted.
    expect((await send(target, String(target.control))).statusCode).toBeLessThan(300);
  });

  /** A receipt photo's amount is a multipart text field: the same attacks, as text. */
  it('refuses every attack on the amount of a receipt photo certification, writing nothing', async () => {
    const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const upload = async (token: string, amount: string) => {
      const form = new FormData();
      const fields = {
        name: '홍길동',
        phone: '010-1234-5678',
        consentVersion: 'raffle-consent-2025-01',
        consentPurpose: 'true',
        consentItemsCollected: 'true',
        consentRetentionPeriod: 'true',
        consentRightToRefuse: 'true',
        amount,
        shopName: 'Jeonju market stall',
        paidOn: today,
      };
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('photo', new Blob([PNG]), 'receipt.png');
      const request = new Request('http://api.test/', { method: 'POST', body: form });
      return api.app.inject({
        method: 'POST',
        url: `/campaigns/${shop.campaignId}/raffle/certifications/receipts`,
        payload: Buffer.from(await request.arrayBuffer()),
        headers: {
          'content-type': request.headers.get('content-type')!,
          authorization: `Bearer ${token}`,
          'idempotency-key': randomUUID(),
        },
      });
    };
    const attacker = api.tokenFor('citizen', 'money-photo-attacker');
    const limit = KRW_LIMITS.raffleCertifiedAmount;
    const failures: string[] = [];
    for (const amount of [...ATTACKS, '', 'abc', '１２００００', String(limit.max + 1)]) {
      const before = await api.eventCount();
      const response = await upload(attacker, amount);
      const { problems: wrong } = await api.refusalProblems(response, before);
      if (wrong.length > 0) failures.push(`${amount}: ${wrong.join(', ')} -> ${response.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    // Another citizen's plausible receipt is accepted: the amount was the only defect.
    expect((await upload(api.tokenFor('citizen', 'money-photo-citizen'), '120000')).statusCode).toBe(201);
  });
});
