import { randomUUID } from 'node:crypto';
import { useIsolatedEnv } from '@goodpay/platform';
import { type BadInputApi, startBadInputApi } from './support/bad-input-api';

const env = useIsolatedEnv('badlanguage');

/**
 * Korean first (issue 16, item 6): the same refusal reads in Korean by default and in English
 * with `Accept-Language: en`; its status, code and parameters stay the same, and nothing changes.
 */
describe('bad input: problems read in Korean by default and in English on request', () => {
  let api: BadInputApi;
  beforeAll(async () => {
    api = await startBadInputApi(env);
  }, 60_000);
  afterAll(() => api?.close());

  const call = async (method: 'GET' | 'PUT' | 'POST', url: string, options: { token?: string; body?: unknown; language?: string } = {}) => {
    const response = await api.app.inject({
      method,
      url,
      headers: {
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...(options.language && { 'accept-language': options.language }),
      },
      ...(options.body !== undefined && { payload: options.body as object }),
    });
    return { status: response.statusCode, headers: response.headers, body: response.json() };
  };
  const HANGUL = /[\uAC00-\uD7A3]/;

  it('answers a rule refusal in Korean, and in English when asked, with the same code', async () => {
    const token = api.tokenFor('citizen', 'citizen-language');
    const events = await api.eventCount();
    const put = (language?: string) => call('PUT', '/me/contact', { token, body: { phone: '010-3434-5656' }, language });

    const korean = await put();
    expect(korean).toMatchObject({ status: 422, body: { code: 'phone_not_verified', title: '처리할 수 없는 요청' } });
    expect(korean.body.detail).toMatch(HANGUL);
    expect(korean.headers['content-type']).toContain('application/problem+json');
    expect(korean.headers['content-language']).toBe('ko');
    expect(korean.headers.vary).toContain('Accept-Language');

    const english = await put('en');
    expect(english).toMatchObject({ status: 422, body: { code: 'phone_not_verified', title: 'Unprocessable Entity' } });
    expect(english.body.detail).toMatch(/one-time code/);
    expect(english.body.detail).not.toMatch(HANGUL);
    expect(english.headers['content-language']).toBe('en');

    // A browser's usual header prefers Korean; a weighted one can prefer English.
    expect((await put('ko-KR,ko;q=0.9,en-US;q=0.8')).body.detail).toBe(korean.body.detail);
    expect((await put('ko;q=0.3, en-US;q=0.7')).body.detail).toBe(english.body.detail);
    expect(await api.eventCount()).toBe(events);
  });

  it('fills the parameters the refusal carries, in either language', async () => {
    const staff = api.tokenFor('staff', 'staff-language');
    const missing = randomUUID();
    const korean = await call('GET', `/prepayments/${missing}`, { token: staff });
    const english = await call('GET', `/prepayments/${missing}`, { token: staff, language: 'en' });
    expect(korean).toMatchObject({ status: 404, body: { code: 'prepayment_not_found', title: '찾을 수 없음', id: missing } });
    expect(korean.body.detail).toBe(`선결제를 찾을 수 없습니다 (${missing}).`);
    expect(english).toMatchObject({ status: 404, body: { code: 'prepayment_not_found', title: 'Not Found', id: missing } });
    expect(english.body.detail).toBe(`The prepayment was not found (${missing}).`);
  });

  it('words the errors of the HTTP layer too: no token, malformed JSON, an unknown route', async () => {
    for (const [request, code] of [
      [() => call('GET', '/me/contact'), 'unauthenticated'],
      [() => call('GET', '/no-such-route'), 'not_found'],
    ] as const) {
      const korean = await request();
      expect(korean.body.code).toBe(code);
      expect(`${korean.body.title} ${korean.body.detail}`).toMatch(HANGUL);
    }
    const malformed = await api.app.inject({
      method: 'PUT',
      url: '/me/contact',
      headers: {
        authorization: `Bearer ${api.tokenFor('citizen', 'citizen-json')}`,
        'content-type': 'application/json',
        'accept-language': 'en',
      },
      payload: '{"phone":',
    });
    expect(malformed.json()).toMatchObject({
      status: 400,
      code: 'malformed_json',
      title: 'Bad Request',
      detail: 'The request body is not valid JSON.',
    });
  });
});
