import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { jeonbukPreset } from '@goodpay/campaign';
import { seoulDate } from '@goodpay/shared';
import { useIsolatedEnv } from '@goodpay/platform';
import type { Role } from '@goodpay/shared';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { inProcessClient } from '../../support/api-client';
import { checkAnswersOf } from '../../support/openapi-conformance';
import { StandaloneModule } from '../../../apps/standalone/src/standalone.module';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';

const env = useIsolatedEnv('catalogue');

/**
 * Campaigns, merchants and participants over HTTP: the real ApiModule with the worker
 * features beside it (the standalone process), so projections run as they do in production
 * and `?after=` reads each write back.
 */
describe('catalogue over HTTP: campaigns, merchants, participants', () => {
  let app: NestFastifyApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = checkAnswersOf(await createApiApp(StandaloneModule, { shutdownHooks: false }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    dataSource = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  interface Call {
    token?: string;
    key?: string;
    body?: unknown;
  }
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, { token, key, body }: Call = {}) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (key) headers['idempotency-key'] = key;
    // A view waits 5 s for `?after=`; a transaction held open anywhere on the shared server
    // (other test files) can hold every projection back longer. 503 says try again: we do.
    for (const deadline = Date.now() + 30_000; ;) {
      const response = await app.inject({ method, url, headers, ...(body !== undefined && { payload: body as object }) });
      const answer = { status: response.statusCode, body: response.json(), contentType: String(response.headers['content-type']) };
      if (answer.body?.code !== 'projection_not_ready' || Date.now() > deadline) return answer;
    }
  };
  /** The typed client (libs/api-client) over the same app: a route that no longer fits its generated types does not compile. */
  const api = (token?: string) => inProcessClient(app, token);
  const tokenFor = async (subject: string, role: Role): Promise<string> =>
    (await call('POST', '/dev/tokens', { body: { subject, role } })).body.token;
  const eventCount = async (): Promise<number> => (await dataSource.query('SELECT count(*)::int AS n FROM events'))[0].n;

  const year = new Date().getUTCFullYear();
  const campaignBody = (name = 'Jeonbuk good prepayment') => {
    const { startsOn, endsOn, raffle } = jeonbukPreset(year);
    return {
      name,
      region: { kind: 'province' as const, name: 'Jeonbuk' },
      startsOn,
      endsOn,
      raffle,
      participationTarget: { participants: 50_000, amount: 5_000_000_000 },
    };
  };
  const shopBody = (businessRegistrationNumber = aBusinessRegistrationNumber()) => ({
    name: `Hanok Noodles ${randomUUID().slice(0, 8)}`,
    category: 'restaurant',
    district: 'Wansan-gu',
    businessRegistrationNumber,
  });

  let staff: string;
  let owner: string;
  let citizen: string;
  let campaignId: string;
  let merchantId: string;
  let campaignKey: string;
  let shop: ReturnType<typeof shopBody>;

  beforeAll(async () => {
    [staff, owner, citizen] = await Promise.all([
      tokenFor('staff-1', 'staff'),
      tokenFor(`owner-${randomUUID()}`, 'merchant'),
      tokenFor(`citizen-${randomUUID()}`, 'citizen'),
    ]);
  });

  describe('the walk', () => {
    it('staff open a Jeonbuk campaign in three raffle rounds, and anyone reads it back', async () => {
      campaignKey = randomUUID();
      const created = await api(staff).POST('/campaigns', { params: { header: { 'Idempotency-Key': campaignKey } }, body: campaignBody() });
      expect(created.response.status).toBe(201);
      expect(created.data).toMatchObject({ campaignId: expect.any(String), position: expect.stringMatching(/^\d+$/), replayed: false });
      campaignId = created.data!.campaignId;

      const read = await call('GET', `/campaigns/${campaignId}?after=${created.data!.position}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        campaignId,
        status: 'open',
        startsOn: `${year}-01-13`,
        endsOn: `${year}-02-28`,
        bounds: { minPerPrepayment: 100_000, maxPerPrepayment: 300_000 },
        raffle: { minimumCertifiedAmount: 100_000, prize: 20_000, budget: 3_000_000, rounds: jeonbukPreset(year).raffle.rounds },
      });
      const listed = await api().GET('/campaigns', { params: { query: { region: 'Jeonbuk', status: 'open' } } });
      expect(listed.data!.items.map((c) => c.campaignId)).toContain(campaignId);

      const replay = await call('POST', '/campaigns', { token: staff, key: campaignKey, body: campaignBody() });
      expect(replay).toMatchObject({ status: 201, body: { campaignId, replayed: true } });
    });

    it('a merchant registers its shop; staff approve it; the public list then shows it', async () => {
      shop = shopBody();
      const registered = await call('POST', '/merchants', { token: owner, key: randomUUID(), body: shop });
      expect(registered.status).toBe(201);
      merchantId = registered.body.merchantId;

      const pending = await call('GET', `/merchants?search=${encodeURIComponent(shop.name)}&after=${registered.body.position}`);
      expect(pending).toMatchObject({ status: 200, body: { items: [], total: 0 } });
      expect((await call('GET', `/merchants/${merchantId}`)).body.code).toBe('merchant_not_found');

      const approved = await call('POST', `/merchants/${merchantId}/approve`, { token: staff });
      expect(approved).toMatchObject({ status: 200, body: { merchantId, replayed: false } });

      const listed = await call(
        'GET',
        `/merchants?search=${encodeURIComponent(shop.name)}&category=restaurant&after=${approved.body.position}`,
      );
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        { merchantId, name: shop.name, category: 'restaurant', district: 'Wansan-gu', donationAngel: false },
      ]);

      expect((await call('GET', `/merchants/${merchantId}`)).body).toEqual(listed.body.items[0]);
      expect((await call('GET', `/merchants/${merchantId}`, { token: owner })).body).toMatchObject({
        status: 'approved',
        businessRegistrationNumber: shop.businessRegistrationNumber.replace(/-/g, ''),
      });
      expect((await call('GET', '/merchants/mine', { token: owner })).body.items.map((m: { merchantId: string }) => m.merchantId)).toEqual([
        merchantId,
      ]);
    });

    it('the owner pledges 1% of sales and becomes a donation angel', async () => {
      const pledged = await call('PUT', `/merchants/${merchantId}/donation-pledge`, { token: owner, body: { basisPoints: 100 } });
      expect(pledged.status).toBe(200);
      expect((await call('GET', `/merchants/${merchantId}?after=${pledged.body.position}`)).body.donationAngel).toBe(true);
    });

    it('staff register an organisation, which signs its own agreement for the campaign', async () => {
      const registered = await call('POST', '/organisations', {
        token: staff,
        key: randomUUID(),
        body: { kind: 'business_association', name: 'Jeonbuk SME Federation', representativeId: 'rep-1' },
      });
      expect(registered.status).toBe(201);
      const { organisationId } = registered.body;

      const itself = await tokenFor(organisationId, 'organisation');
      const body = {
        campaignId,
        purposes: [{ purpose: 'events', plannedAmount: 3_000_000 }],
        signedOn: seoulDate(new Date().toISOString()),
      };
      const signed = await call('POST', `/organisations/${organisationId}/agreements`, { token: itself, key: randomUUID(), body });
      expect(signed).toMatchObject({ status: 201, body: { organisationId, campaignId, replayed: false } });

      const read = await call('GET', `/organisations/${organisationId}?after=${signed.body.position}`, { token: itself });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        name: 'Jeonbuk SME Federation',
        agreementCount: 1,
        agreements: [{ campaignId, plannedAmount: 3_000_000 }],
      });
      const agreements = await call('GET', `/participation-agreements?campaignId=${campaignId}`, { token: staff });
      expect(agreements.body.items).toEqual([expect.objectContaining({ organisationId, organisationName: 'Jeonbuk SME Federation' })]);
      const listed = await call('GET', `/organisations?campaignId=${campaignId}`, { token: staff });
      expect(listed.body.items.map((o: { organisationId: string }) => o.organisationId)).toEqual([organisationId]);
    });

    it('a citizen registers, once', async () => {
      const registered = await call('POST', '/citizens/me', { token: citizen, key: randomUUID(), body: { displayName: 'Minji' } });
      expect(registered.status).toBe(201);
      expect((await call('GET', '/citizens/me', { token: citizen })).body).toMatchObject({ displayName: 'Minji' });
      const twice = await call('POST', '/citizens/me', { token: citizen, key: randomUUID(), body: {} });
      expect(twice).toMatchObject({ status: 422, body: { code: 'citizen_already_registered' } });
    });
  });

  it('documents every route and its page schemas in OpenAPI', async () => {
    const { paths, components } = (await call('GET', '/docs-json')).body;
    for (const path of [
      '/campaigns',
      '/campaigns/{id}',
      '/campaigns/{id}/extend',
      '/campaigns/{id}/close',
      '/merchants',
      '/merchants/mine',
      '/merchants/{id}',
      '/merchants/{id}/approve',
      '/merchants/{id}/donation-pledge',
      '/citizens/me',
      '/organisations',
      '/organisations/{id}',
      '/organisations/{id}/agreements',
      '/participation-agreements',
    ]) {
      expect(paths).toHaveProperty([path]);
    }
    expect(Object.keys(components.schemas)).toEqual(
      expect.arrayContaining(['CampaignPage', 'MerchantPage', 'OrganisationPage', 'AgreementPage']),
    );
    expect(components.schemas.CampaignPage.properties.items).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/CampaignResponse' },
    });
  });

  describe('refusals: problem+json, and nothing written', () => {
    const refusals: [string, () => Promise<{ status: number; body: { code: string }; contentType: string }>, number, string][] = [
      [
        'a citizen opening a campaign',
        () => call('POST', '/campaigns', { token: citizen, key: randomUUID(), body: campaignBody() }),
        403,
        'wrong_role',
      ],
      ['no token', () => call('POST', '/campaigns', { key: randomUUID(), body: campaignBody() }), 401, 'unauthenticated'],
      ['a bad token on the public list', () => call('GET', '/merchants', { token: 'not-a-jwt' }), 401, 'unauthenticated'],
      [
        'an unknown field',
        () => call('POST', '/campaigns', { token: staff, key: randomUUID(), body: { ...campaignBody(), isAdmin: true } }),
        400,
        'validation_failed',
      ],
      [
        'a fractional amount',
        () =>
          call('POST', '/campaigns', {
            token: staff,
            key: randomUUID(),
            body: { ...campaignBody(), participationTarget: { participants: 10, amount: 1.5 } },
          }),
        400,
        'validation_failed',
      ],
      [
        'an impossible date',
        () => call('POST', '/campaigns', { token: staff, key: randomUUID(), body: { ...campaignBody(), endsOn: `${year}-02-30` } }),
        400,
        'validation_failed',
      ],
      [
        'a bad check digit',
        () => call('POST', '/merchants', { token: owner, key: randomUUID(), body: shopBody('123-45-67890') }),
        400,
        'invalid_business_registration_number',
      ],
      [
        'a number registered before',
        () => call('POST', '/merchants', { token: owner, key: randomUUID(), body: shopBody(shop.businessRegistrationNumber) }),
        422,
        'business_registration_number_taken',
      ],
      ['no Idempotency-Key', () => call('POST', '/merchants', { token: owner, body: shopBody() }), 400, 'idempotency_key_required'],
      [
        'a key reused for another body',
        () => call('POST', '/campaigns', { token: staff, key: campaignKey, body: campaignBody('Another') }),
        422,
        'idempotency_key_reused',
      ],
      ['approving an unknown shop', () => call('POST', `/merchants/${randomUUID()}/approve`, { token: staff }), 404, 'merchant_not_found'],
      ['approving twice', () => call('POST', `/merchants/${merchantId}/approve`, { token: staff }), 422, 'merchant_not_pending'],
      [
        "a citizen setting a shop's pledge",
        () => call('PUT', `/merchants/${merchantId}/donation-pledge`, { token: citizen, body: { basisPoints: 100 } }),
        403,
        'wrong_role',
      ],
      [
        "another merchant setting this shop's pledge",
        async () =>
          call('PUT', `/merchants/${merchantId}/donation-pledge`, {
            token: await tokenFor('someone-else', 'merchant'),
            body: { basisPoints: 300 },
          }),
        404,
        'merchant_not_found',
      ],
      [
        'a pledge of 2%',
        () => call('PUT', `/merchants/${merchantId}/donation-pledge`, { token: owner, body: { basisPoints: 200 } }),
        400,
        'validation_failed',
      ],
      [
        'changing an unknown campaign',
        () => call('PATCH', `/campaigns/${randomUUID()}`, { token: staff, body: { name: 'x' } }),
        404,
        'campaign_not_found',
      ],
      ['reading an unknown campaign', () => call('GET', `/campaigns/${randomUUID()}`), 404, 'campaign_not_found'],
      ['a path id that is no UUID', () => call('GET', '/campaigns/42'), 400, 'invalid_id'],
      [
        'signing for an unknown organisation',
        () =>
          call('POST', `/organisations/${randomUUID()}/agreements`, {
            token: staff,
            key: randomUUID(),
            body: { campaignId, purposes: [{ purpose: 'rent', plannedAmount: 1 }], signedOn: '2025-01-01' },
          }),
        404,
        'organisation_not_found',
      ],
      ['a non-staff status filter', () => call('GET', '/merchants?status=pending', { token: citizen }), 403, 'staff_only'],
      ['listing organisations as a merchant', () => call('GET', '/organisations', { token: owner }), 403, 'wrong_role'],
    ];

    it.each(refusals)('%s', async (_, request, status, code) => {
      const before = await eventCount();
      const answer = await request();
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer).toMatchObject({ status, body: { code } });
      expect(await eventCount()).toBe(before);
    });
  });
});
