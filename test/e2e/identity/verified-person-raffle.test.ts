import { randomUUID } from 'node:crypto';
import { openShop, type ProductClient } from '../../support/open-shop';
import { newSigningKey, type OidcClient, type RunningOidcProvider, startOidcProvider } from '../../support/oidc/oidc-provider';
import { confirmPayment } from '../../support/platform-payments';
import { FakePortOne } from '../../support/portone/fake-portone';
import { RunningSystem } from '../../support/system';

const CONSENT = { version: 'raffle-consent-2025-01', purpose: true, itemsCollected: true, retentionPeriod: true, rightToRefuse: true };
const API_AUDIENCE = 'https://api.goodpay.test';
const PORTONE_SECRET = `portone-test-secret-${randomUUID()}`;
/** A CI as Korean identity verification gives it: 88 characters of base64. */
const CI_OF_HONG = Buffer.alloc(64, 7).toString('base64');

/**
 * Issue 11, items 1 and 2, as people meet them over HTTP with the api and worker processes:
 * staff, a shop owner and two citizens sign in at a real OpenID provider (oidc-provider,
 * client_credentials grant; staff and owner get their roles from the provider's role claim);
 * one person verifies their identity through PortOne (the in-test server of
 * test/support/portone, following https://developers.portone.io/api/rest-v2/identityVerification)
 * on two accounts; the raffle counts them once in a round. With VERIFIED_IDENTITY_REQUIRED an
 * unverified citizen cannot certify.
 */
describe('e2e: sign in by OIDC, verify identity through PortOne, one person one raffle entry and one monthly cap', () => {
  const clients: Record<string, OidcClient> = {
    'e2e-staff': { client_id: 'e2e-staff', client_secret: 'staff-secret-0123456789abcdef', roles: ['campaign-staff'] },
    'e2e-owner': { client_id: 'e2e-owner', client_secret: 'owner-secret-0123456789abcdef', roles: ['shop-owner'] },
    'hong-phone-account': { client_id: 'hong-phone-account', client_secret: 'hong-secret-0123456789abcdef' },
    'hong-tablet-account': { client_id: 'hong-tablet-account', client_secret: 'hong2-secret-0123456789abcdef' },
    'kim-unverified': { client_id: 'kim-unverified', client_secret: 'kim-secret-0123456789abcdef' },
  };
  let provider: RunningOidcProvider;
  let portone: FakePortOne;
  let system: RunningSystem;
  /** Signs in at the provider; the role is the provider's to say, not the caller's. */
  const signIn = (subject: string) => provider.accessToken(clients[subject]!);
  const client: ProductClient = {
    token: (subject) => signIn(subject),
    request: (method, path, options) => system.request(method, path, options),
  };

  beforeAll(async () => {
    provider = await startOidcProvider({ clients: Object.values(clients), audiences: [API_AUDIENCE], keys: [newSigningKey('ES256')] });
    portone = await new FakePortOne({ apiSecret: PORTONE_SECRET }).start();
    system = new RunningSystem({
      OIDC_ISSUER: provider.issuer,
      OIDC_AUDIENCE: API_AUDIENCE,
      OIDC_ROLE_CLAIM: 'goodpay_roles',
      OIDC_ROLE_VALUES: 'staff=campaign-staff,merchant=shop-owner',
      IDENTITY_VERIFICATION: 'portone',
      PORTONE_API_SECRET: PORTONE_SECRET,
      PORTONE_API_BASE: portone.baseUrl,
      VERIFIED_IDENTITY_REQUIRED: 'true',
      PAYMENT_CONFIRMATIONS: 'office',
    });
    await system.start();
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    await portone?.stop();
    await provider?.stop();
  });

  async function certifiedPrepayment(shop: Awaited<ReturnType<typeof openShop>>, token: string, phone: string) {
    const ordered = await system.request('POST', '/prepayments', {
      token,
      idempotencyKey: randomUUID(),
      body: {
        campaignId: shop.campaignId,
        merchantId: shop.merchantId,
        amount: 150_000,
        channel: 'platform',
        paymentConfirmation: { provider: 'toss', externalReference: `pay-${randomUUID()}` },
      },
    });
    expect(ordered.status).toBe(201);
    await confirmPayment(system, shop.staff, ordered.body.prepaymentId, 150_000);
    return system.request('POST', `/campaigns/${shop.campaignId}/raffle/certifications`, {
      token,
      idempotencyKey: randomUUID(),
      body: { name: '홍길동', phone, consent: CONSENT, prepaymentId: ordered.body.prepaymentId },
    });
  }

  it('one person on two accounts, verified through PortOne, enters a round once; an unverified citizen cannot certify', async () => {
    const shop = await openShop(client, 'e2e'); // staff and owner act by their OIDC tokens and roles
    const phoneAccount = await signIn('hong-phone-account');
    const tabletAccount = await signIn('hong-tablet-account');

    expect(await system.request('GET', '/me/identity-verification', { token: phoneAccount })).toMatchObject({
      status: 200,
      body: { verified: false },
    });
    portone.verified('iv-hong-1', { ci: CI_OF_HONG, name: '홍길동', phoneNumber: '01012345678', birthDate: '1990-01-02' });
    portone.verified('iv-hong-2', { ci: CI_OF_HONG, name: '홍길동', phoneNumber: '01098765432', birthDate: '1990-01-02' });
    for (const [token, id] of [
      [phoneAccount, 'iv-hong-1'],
      [tabletAccount, 'iv-hong-2'],
    ] as const) {
      const bound = await system.request('POST', '/me/identity-verification', { token, body: { identityVerificationId: id } });
      expect(bound).toMatchObject({ status: 200, body: { verified: true } });
      expect(JSON.stringify(bound.body)).not.toContain(CI_OF_HONG);
    }
    // The api asked PortOne itself, with its secret, by the id.
    expect(portone.calls.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ['GET', '/identity-verifications/iv-hong-1', `PortOne ${PORTONE_SECRET}`],
      ['GET', '/identity-verifications/iv-hong-2', `PortOne ${PORTONE_SECRET}`],
    ]);
    expect(await system.request('GET', '/me/identity-verification', { token: tabletAccount })).toMatchObject({
      status: 200,
      body: { verified: true },
    });

    const first = await certifiedPrepayment(shop, phoneAccount, '010-1234-5678');
    expect(first).toMatchObject({ status: 201, body: { status: 'approved', round: 1, entryId: expect.any(String) } });
    // Another account, another phone, the same person: approved, but it names the entry they already have.
    const second = await certifiedPrepayment(shop, tabletAccount, '010-9876-5432');
    expect(second).toMatchObject({ status: 201, body: { status: 'approved', round: 1, entryId: first.body.entryId } });
    const entries = await system.sql<{ n: string }>(`SELECT count(*) AS n FROM events WHERE type = 'RaffleEntered'`);
    expect(Number(entries[0]!.n)).toBe(1);

    // The monthly cap is the person's too: 150,000 on each account fill 300,000 (the default cap), whichever account pays next.
    const overCap = await system.request('POST', '/prepayments', {
      token: tabletAccount,
      idempotencyKey: randomUUID(),
      body: {
        campaignId: shop.campaignId,
        merchantId: shop.merchantId,
        amount: 100_000,
        channel: 'platform',
        paymentConfirmation: { provider: 'toss', externalReference: `pay-${randomUUID()}` },
      },
    });
    expect(overCap).toMatchObject({ status: 422, body: { code: 'monthly_limit_exceeded', alreadyPrepaid: 300_000 } });

    const unverified = await certifiedPrepayment(shop, await signIn('kim-unverified'), '010-5555-0001');
    expect(unverified).toMatchObject({ status: 403, body: { code: 'identity_verification_required' } });
    expect(unverified.headers.get('content-type')).toContain('application/problem+json');

    // The CI and the verified phone are nowhere in clear in the log.
    const log = await system.sql<{ data: string }>(`SELECT data::text AS data FROM events WHERE type = 'IdentityVerified'`);
    expect(log).toHaveLength(2);
    for (const { data } of log) for (const secret of [CI_OF_HONG, '01012345678', '홍길동']) expect(data).not.toContain(secret);
  }, 120_000);

  it('refuses a token whose signature was altered, with problem+json', async () => {
    const altered = await provider.accessToken(clients['hong-phone-account']!, API_AUDIENCE).then((t) => t.replace(/\.[^.]+$/, '.AAAA'));
    const forged = await system.request('GET', '/me/identity-verification', { token: altered });
    expect(forged).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
  });
});
