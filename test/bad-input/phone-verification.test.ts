import { useIsolatedEnv } from '@goodpay/platform';
import { type BadInputApi, startBadInputApi } from './support/bad-input-api';

const env = useIsolatedEnv('badphonecode');

/**
 * Phone verification by one-time code, attacked: guessing (five wrong guesses spend the code,
 * the right one then fails too), an expired code, a code for another phone, asking for codes
 * too often, malformed input. The code goes out through libs/notification's SMS channel (the
 * recording one here, whose table the test reads as the phone's owner would read the SMS).
 */
describe('bad input: phone verification codes cannot be guessed, reused or flooded', () => {
  let api: BadInputApi;
  beforeAll(async () => {
    api = await startBadInputApi(env);
  }, 60_000);
  afterAll(() => api?.close());

  const token = (subject: string) => api.tokenFor('citizen', subject);
  const ask = (subject: string, phone: unknown) =>
    api.request('POST', '/me/phone-verification/code', { token: token(subject), body: { phone } });
  const confirm = (subject: string, phone: unknown, code: unknown) =>
    api.request('POST', '/me/phone-verification', { token: token(subject), body: { phone, code } });
  /** The code as the phone received it (the recording SMS channel keeps the sent body). */
  const received = async (subject: string) => {
    const { rows } = await api.db.query<{ body: string }>(
      `SELECT body FROM notification_sent_messages WHERE recipient_id = $1 ORDER BY sent_at DESC LIMIT 1`,
      [subject],
    );
    return /(\d{6})/.exec(rows[0]!.body)![1]!;
  };
  const verifiedEvents = () => api.count("events WHERE type = 'PhoneNumberVerified'");
  const wrongFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('verifies a phone with the code it received, and stores neither the code nor the phone', async () => {
    expect(await ask('citizen-ok', '010-2222-3333')).toMatchObject({ status: 202, body: { expiresAt: expect.any(String) } });
    const code = await received('citizen-ok');
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
    const code = await received('citizen-guesser');
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
    const code = await received('citizen-racer');
    const answers = await Promise.all(Array.from({ length: 8 }, () => confirm('citizen-racer', '010-6666-7777', wrongFor(code))));
    expect(answers.every((a) => a.status === 422)).toBe(true);
    const { rows } = await api.db.query(`SELECT attempts FROM identity_phone_codes WHERE user_id = 'citizen-racer'`);
    expect(rows[0].attempts).toBe(5);
  });

  it('refuses a code for another phone than it was sent to, and an expired one', async () => {
    await ask('citizen-late', '010-8888-9999');
    const code = await received('citizen-late');
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
    const sent = await api.count("notification_sent_messages WHERE recipient_id = 'citizen-flood'");
    expect(sent).toBe(1);
    for (const phone of ['02-123-4567', '010-12', 'abc', '']) expect((await ask('citizen-bad', phone)).status).toBe(400);
    for (const code of ['12345', 'abcdef', '1234567']) expect((await confirm('citizen-ok', '010-2222-3333', code)).status).toBe(400);
  });
});
