import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { useIsolatedEnv } from '@goodpay/platform';
import { PortOneV1AccountHolderCheck } from '@goodpay/settlement';
import { ApiModule } from '../../../apps/api/src/api.module';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import { FakePortOneV1 } from './portone-v1-server';

const env = useIsolatedEnv('portone_v1_holder_check');

/**
 * The PortOne V1 account-holder check over real HTTP, against a server started here that
 * implements the documented contract (developers.portone.io, API V1: "API 인증" -> POST
 * /users/getToken, "예금주 조회 API" -> GET /vbanks/holder). Then the same adapter behind the
 * api, chosen by ACCOUNT_HOLDER_CHECK=portone-v1: a shop's registration asks the bank.
 */
describe('PortOne V1 account-holder check', () => {
  const portOne = new FakePortOneV1();
  let check: PortOneV1AccountHolderCheck;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    await portOne.start();
    portOne.holders.set('088:110123456789', '홍길동(맛있는국수)');
    check = new PortOneV1AccountHolderCheck({
      baseUrl: portOne.baseUrl,
      apiKey: portOne.apiKey,
      apiSecret: portOne.apiSecret,
      timeoutMs: 5_000,
    });
    Object.assign(process.env, {
      ACCOUNT_HOLDER_CHECK: 'portone-v1',
      PORTONE_V1_API_URL: portOne.baseUrl,
      PORTONE_V1_API_KEY: portOne.apiKey,
      PORTONE_V1_API_SECRET: portOne.apiSecret,
    });
    app = await createApiApp(ApiModule, { shutdownHooks: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await portOne.stop();
    await env.cleanup();
  });

  beforeEach(() => {
    portOne.failWith = null;
  });

  it("gets a token with the API key and secret, then asks for the account's holder with it", async () => {
    const before = portOne.requests.length;
    await expect(check.lookUp({ bankCode: '088', accountNumber: '110123456789', declaredHolderName: 'ignored' })).resolves.toEqual({
      found: true,
      holderName: '홍길동(맛있는국수)',
      checkedBy: 'portone-v1',
    });
    const [token, holder] = portOne.requests.slice(before);
    expect(token).toMatchObject({ method: 'POST', path: '/users/getToken' });
    expect(holder).toMatchObject({ method: 'GET', path: '/vbanks/holder', authorization: expect.stringMatching(/^token-\d+$/) });
  });

  it('answers not found for an account the bank does not know (404)', async () => {
    await expect(check.lookUp({ bankCode: '088', accountNumber: '999999999999', declaredHolderName: 'x' })).resolves.toEqual({
      found: false,
      checkedBy: 'portone-v1',
    });
  });

  it('is unavailable, never "not found", when the keys are wrong, the provider fails or cannot be reached', async () => {
    const wrongKeys = new PortOneV1AccountHolderCheck({ baseUrl: portOne.baseUrl, apiKey: portOne.apiKey, apiSecret: 'wrong' });
    await expect(wrongKeys.lookUp({ bankCode: '088', accountNumber: '110123456789', declaredHolderName: 'x' })).rejects.toMatchObject({
      code: 'account_holder_check_unavailable',
      status: 503,
    });
    await expect(wrongKeys.lookUp({ bankCode: '088', accountNumber: '110123456789', declaredHolderName: 'x' })).rejects.not.toThrow(
      /wrong/,
    );
    portOne.failWith = 500;
    await expect(check.lookUp({ bankCode: '088', accountNumber: '110123456789', declaredHolderName: 'x' })).rejects.toMatchObject({
      status: 503,
    });
    const nowhere = new PortOneV1AccountHolderCheck({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k', apiSecret: 's', timeoutMs: 2_000 });
    await expect(nowhere.lookUp({ bankCode: '088', accountNumber: '110123456789', declaredHolderName: 'x' })).rejects.toMatchObject({
      status: 503,
    });
  });

  it('decides a shop registration over HTTP on what PortOne answers', async () => {
    const token = async (subject: string, role: string) =>
      (await app.inject({ method: 'POST', url: '/dev/tokens', payload: { subject, role } })).json<{ token: string }>().token;
    const owner = await token('owner-portone', 'merchant');
    const created = await app.inject({
      method: 'POST',
      url: '/merchants',
      headers: { authorization: `Bearer ${owner}`, 'idempotency-key': randomUUID() },
      payload: {
        name: '맛있는국수',
        category: 'restaurant',
        district: 'Wansan-gu',
        businessRegistrationNumber: aBusinessRegistrationNumber(),
      },
    });
    const { merchantId } = created.json<{ merchantId: string }>();
    const register = (body: object) =>
      app.inject({
        method: 'PUT',
        url: `/merchants/${merchantId}/payout-account`,
        headers: { authorization: `Bearer ${owner}` },
        payload: body,
      });

    // The bank holds it under another name than the one given: refused.
    expect((await register({ bankCode: '088', accountNumber: '110-123-456789', holderName: '맛있는국수' })).json()).toMatchObject({
      status: 422,
      code: 'account_holder_mismatch',
    });
    expect((await register({ bankCode: '088', accountNumber: '110-999-999999', holderName: '맛있는국수' })).json()).toMatchObject({
      status: 422,
      code: 'account_not_found',
    });
    portOne.failWith = 503;
    expect((await register({ bankCode: '088', accountNumber: '110-123-456789', holderName: '홍길동(맛있는국수)' })).json()).toMatchObject({
      status: 503,
      code: 'account_holder_check_unavailable',
    });
    portOne.failWith = null;
    const registered = await register({ bankCode: '088', accountNumber: '110-123-456789', holderName: '홍길동 (맛있는국수)' });
    expect(registered.statusCode).toBe(200);
    expect(registered.json()).toMatchObject({ bankCode: '088', verified: true, accountNumberMasked: '********6789' });
  });
});
