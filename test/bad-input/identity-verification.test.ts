import { useIsolatedEnv } from '@goodpay/platform';
import { FakePortOne } from '../support/portone/fake-portone';
import { type BadInputApi, startBadInputApi } from './support/bad-input-api';

const env = useIsolatedEnv('badidentity');
const SECRET = 'portone-bad-input-secret-0123456789';
const ci = (n: number) => Buffer.alloc(64, n).toString('base64');

/**
 * Identity verification (본인인증) given what a client should not be believed about: ids PortOne
 * does not know, verifications not finished or failed, one without a CI, an old one, one
 * already used by another account, a second person for an account, and PortOne refusing our
 * secret or failing. Each is problem+json with a stable code, and writes nothing. PortOne is
 * the in-test server of test/support/portone (https://developers.portone.io/api/rest-v2/identityVerification).
 */
describe('bad input: identity verification refuses what PortOne does not vouch for', () => {
  let api: BadInputApi;
  let portone: FakePortOne;
  const saved = { ...process.env };

  beforeAll(async () => {
    portone = await new FakePortOne({ apiSecret: SECRET }).start();
    Object.assign(process.env, { IDENTITY_VERIFICATION: 'portone', PORTONE_API_SECRET: SECRET, PORTONE_API_BASE: portone.baseUrl });
    api = await startBadInputApi(env);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await portone?.stop();
    for (const key of ['IDENTITY_VERIFICATION', 'PORTONE_API_SECRET', 'PORTONE_API_BASE']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  const bind = (subject: string, identityVerificationId: unknown, role: 'citizen' | 'merchant' = 'citizen') =>
    api.request('POST', '/me/identity-verification', { token: api.tokenFor(role, subject), body: { identityVerificationId } });

  /** The answer is a refusal with `code`, as problem+json, and the log did not move. */
  async function refused(attempt: () => Promise<{ status: number; body: any; contentType: string }>, status: number, code: string) {
    const before = await api.eventCount();
    const answer = await attempt();
    expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
    expect(answer.contentType).toContain('application/problem+json');
    expect(await api.eventCount()).toBe(before);
  }

  it('refuses an id PortOne does not know, and ids that are not ids, without asking PortOne for the latter', async () => {
    await refused(() => bind('citizen-1', 'iv-nobody-knows'), 404, 'identity_verification_not_found');
    const asked = portone.calls.length;
    for (const bad of ['', '../payments/abc', 'a'.repeat(101), 'iv 1', 42, null])
      await refused(() => bind('citizen-1', bad), 400, 'validation_failed');
    expect(portone.calls.length).toBe(asked);
  });

  it('refuses a verification that is not finished, one that failed, and one without a CI', async () => {
    portone.ready('iv-ready');
    portone.failed('iv-failed', '본인인증 실패');
    portone.verified('iv-no-ci', { name: '김카카오', birthDate: '1991-03-04' });
    await refused(() => bind('citizen-1', 'iv-ready'), 422, 'identity_not_verified');
    await refused(() => bind('citizen-1', 'iv-failed'), 422, 'identity_not_verified');
    await refused(() => bind('citizen-1', 'iv-no-ci'), 422, 'identity_ci_missing');
  });

  it('refuses a verification older than 30 minutes: an id is not a lasting credential', async () => {
    portone.verified('iv-old', { ci: ci(1), name: '홍길동' }, new Date(Date.now() - 31 * 60 * 1000));
    await refused(() => bind('citizen-1', 'iv-old'), 422, 'identity_verification_stale');
  });

  it('refuses a verification already used by another account, and another person for a verified account', async () => {
    portone.verified('iv-hong', { ci: ci(2), name: '홍길동', phoneNumber: '01011112222' });
    expect(await bind('citizen-hong', 'iv-hong')).toMatchObject({ status: 200, body: { verified: true } });
    // The same request again is the same binding: nothing new.
    const before = await api.eventCount();
    expect(await bind('citizen-hong', 'iv-hong')).toMatchObject({ status: 200 });
    expect(await api.eventCount()).toBe(before);

    await refused(() => bind('citizen-thief', 'iv-hong'), 409, 'identity_verification_used');
    portone.verified('iv-kim', { ci: ci(3), name: '김영희' });
    await refused(() => bind('citizen-hong', 'iv-kim'), 409, 'identity_already_bound');
  });

  it('lets only citizens verify', async () => {
    portone.verified('iv-shop', { ci: ci(4), name: '박사장' });
    await refused(() => bind('owner-1', 'iv-shop', 'merchant'), 403, 'wrong_role');
  });

  it('answers 503 identity_verification_unavailable when PortOne fails, never "not verified"', async () => {
    portone.verified('iv-later', { ci: ci(5), name: '이철수' });
    portone.goDown(1);
    const before = await api.eventCount();
    const answer = await bind('citizen-5', 'iv-later');
    expect({ status: answer.status, code: answer.body?.code }).toEqual({ status: 503, code: 'identity_verification_unavailable' });
    expect(await api.eventCount()).toBe(before);
    expect(await bind('citizen-5', 'iv-later')).toMatchObject({ status: 200 });
  });
});
