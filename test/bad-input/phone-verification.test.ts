import { useIsolatedEnv } from '@goodpay/platform';
import { SolapiTestServer } from '../support/solapi/solapi-test-server';
import { type BadInputApi, startBadInputApi } from './support/bad-input-api';

const env = useIsolatedEnv('badphonecode');

/**
 * Phone verification by one-time code, attacked: guessing (five wrong guesses spend the code,
 * the right one then fails too), an expired code, a code for another phone, asking for codes
 * too often, malformed input. The code goes out through the message provider the api is
 * configured with (MESSAGE_PROVIDER=solapi here, as in production): the in-test Solapi server of
 * test/support/solapi (docs.solapi.com, api-reference/messages/sendMany) receives the SMS, and
 * the test reads the code from it as the phone's owner would read it.
 */
describe('bad input: phone verification codes cannot be guessed, reused or flooded', () => {
  const solapi = new SolapiTestServer();
  let api: BadInputApi;
  beforeAll(async () => {
    await solapi.start();
    Object.assign(process.env, {
      MESSAGE_PROVIDER: 'solapi',
      SOLAPI_API_KEY: solapi.apiKey,
      SOLAPI_API_SECRET: solapi.apiSecret,
      SOLAPI_API_BASE: solapi.baseUrl,
      SOLAPI_SENDER: solapi.sender,
      KAKAO_PF_ID: solapi.pfId,
    });
    api = await startBadInputApi(env);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await solapi.stop();
  });

  const token = (subject: string) => api.tokenFor('citizen', subject);
  const ask = (subject: string, phone: unknown) =>
    api.request('POST', '/me/phone-verification/code', { token: token(subject), body: { phone } });
  const confirm = (subject: string, phone: unknown, code: unknown) =>
    api.request('POST', '/me/phone-verification', { token: token(subject), body: { phone, code } });
  /** The SMS Solapi accepted for `phone` last, as its owner received it. */
  const sms = (phone: string) => solapi.accepted.filter((message) => message.to === phone.replace(/-/g, '')).at(-1);
  const received = (phone: string) => /(\d{6})/.exec(sms(phone)!.text)![1]!;
  const verifiedEvents = () => api.count("events WHERE type = 'PhoneNumberVerified'");
  const wrongFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('verifies a phone with the code it received, and stores neither the code nor the phone', async () => {
    expect(await ask('citizen-ok', '010-2222-3333')).toMatchObject({ status: 202, body: { expiresAt: expect.any(String) } });
    // An SMS from the registered sender, through Solapi's send-many/detail.
    expect(sms('01022223333')).toMatchObject({ type: 'SMS', from: solapi.sender, text: expect.stringContaining('인증번호') });
    const code = received('01022223333');
    const { rows } = await api.db.query(`SELECT row_to_json(c)::text AS row FROM identity_phone_codes c WHERE user_id = 'citizen-ok'`);
    expect(rows[0].row).not.toContain(code);
    expect(rows[0].row).not.toContain('22223333');
    expect(await confirm('citizen-ok', '01022223333', code)).toMatchObject({ status: 200, body: { verified: true } });
    expect(await verifiedEvents()).toBe(1);
    // Spent: the same code again is refused.
    expect(await confirm('citizen-ok', '01022223333', code)).toMatchObject({ status: 422, body: { code: 'phone_code_invalid' } });
  });

  it('spends a code after five wrong guesses: the right one is then refused too', async () => {
    await ask('citizen-guesser', '010-4444-5555');
    const code = received('01044445555');
    for (let guess = 0; guess < 5; guess += 1) {
      expect(await confirm('citizen-guesser', '010-4444-5555', wrongFor(code))).toMatchObject({
        status: 422,
        body: { code: 'phone_code_invalid' },
      });
    }
    expect(await confirm('citizen-guesser', '010-4444-5555', code)).toMatchObject({ status: 422, body: { code: 'phone_code_invalid' } });
    expect(await verifiedEvents()).toBe(1);
  });

  it('refuses five concurrent guesses past the limit: the count is taken before the comparison', async () => {
    await ask('citizen-racer', '010-6666-7777');
    const code = received('01066667777');
    const answers = await Promise.all(Array.from({ length: 8 }, () => confirm('citizen-racer', '010-6666-7777', wrongFor(code))));
    expect(answers.every((a) => a.status === 422)).toBe(true);
    const { rows } = await api.db.query(`SELECT attempts FROM identity_phone_codes WHERE user_id = 'citizen-racer'`);
    expect(rows[0].attempts).toBe(5);
  });

  it('refuses a code for another phone than it was sent to, and an expired one', async () => {
    await ask('citizen-late', '010-8888-9999');
    const code = received('01088889999');
    expect(await confirm('citizen-late', '010-8888-0000', code)).toMatchObject({ status: 422, body: { code: 'phone_code_invalid' } });
    await api.db.query(`UPDATE identity_phone_codes SET expires_at = now() - interval '1 second' WHERE user_id = 'citizen-late'`);
    expect(await confirm('citizen-late', '010-8888-9999', code)).toMatchObject({ status: 422, body: { code: 'phone_code_invalid' } });
    expect(await verifiedEvents()).toBe(1);
  });

  it('sends at most one code a minute per account, and refuses numbers that are not Korean mobiles', async () => {
    expect((await ask('citizen-flood', '010-1212-3434')).status).toBe(202);
    const again = await ask('citizen-flood', '010-1212-3434');
    expect(again).toMatchObject({ status: 429, body: { code: 'phone_code_rate_limited' } });
    expect(again.contentType).toContain('application/problem+json');
    expect(solapi.accepted.filter((message) => message.to === '01012123434')).toHaveLength(1);
    for (const phone of ['02-123-4567', '010-12', 'abc', '']) expect((await ask('citizen-bad', phone)).status).toBe(400);
    for (const code of ['12345', 'abcdef', '1234567']) expect((await confirm('citizen-ok', '010-2222-3333', code)).status).toBe(400);
  });

  it('sends at most five codes an hour per account, whatever the phone', async () => {
    for (let sent = 0; sent < 5; sent += 1) {
      expect((await ask('citizen-hourly', `010-3030-000${sent}`)).status).toBe(202);
      // A minute on: the one-a-minute rule is met, the hourly count is not.
      await api.db.query(`UPDATE identity_phone_codes SET sent_at = sent_at - interval '61 seconds' WHERE user_id = 'citizen-hourly'`);
    }
    const sixth = await ask('citizen-hourly', '010-3030-0009');
    expect(sixth).toMatchObject({ status: 429, body: { code: 'phone_code_rate_limited', retryAfterSeconds: 3600 } });
    expect(sms('01030300009')).toBeUndefined();
  });

  it('withdraws a code the provider did not send: 503 while Solapi is down, 422 for a number it refuses; neither counts as a send', async () => {
    solapi.down = true;
    try {
      expect(await ask('citizen-outage', '010-5050-6060')).toMatchObject({ status: 503, body: { code: 'message_provider_unavailable' } });
    } finally {
      solapi.down = false;
    }
    expect(await api.count("identity_phone_codes WHERE user_id = 'citizen-outage'")).toBe(0);
    // Solapi back: the next request goes out at once, not a minute later.
    expect((await ask('citizen-outage', '010-5050-6060')).status).toBe(202);
    expect(sms('01050506060')).toBeDefined();

    solapi.blocked.add('01070708080');
    expect(await ask('citizen-blocked', '010-7070-8080')).toMatchObject({ status: 422, body: { code: 'phone_unreachable' } });
    expect(await api.count("identity_phone_codes WHERE user_id = 'citizen-blocked'")).toBe(0);
    expect(await confirm('citizen-blocked', '010-7070-8080', '123456')).toMatchObject({
      status: 422,
      body: { code: 'phone_code_invalid' },
    });
  });

  it('lets any signed-in person verify the phone they are told at, and only then takes it as their contact', async () => {
    const owner = api.tokenFor('merchant', 'owner-phone');
    const setContact = (phone: string) => api.request('PUT', '/me/contact', { token: owner, body: { phone } });
    const events = await api.eventCount();
    expect(await setContact('010-9090-1010')).toMatchObject({ status: 422, body: { code: 'phone_not_verified' } });
    expect(await api.eventCount()).toBe(events);
    expect(await api.count("notification_contacts WHERE user_id = 'owner-phone'")).toBe(0);

    expect((await api.request('POST', '/me/phone-verification/code', { token: owner, body: { phone: '010-9090-1010' } })).status).toBe(202);
    const code = received('01090901010');
    expect(await api.request('POST', '/me/phone-verification', { token: owner, body: { phone: '010-9090-1010', code } })).toMatchObject({
      status: 200,
      body: { verified: true },
    });
    expect(await setContact('010-9090-1010')).toMatchObject({ status: 200, body: { phone: '010-****-1010' } });
    // Verified for this account only: another account giving the same number is refused.
    const other = api.tokenFor('citizen', 'citizen-borrower');
    expect(await api.request('PUT', '/me/contact', { token: other, body: { phone: '010-9090-1010' } })).toMatchObject({
      status: 422,
      body: { code: 'phone_not_verified' },
    });
  });
});
