import { useIsolatedEnv } from '@goodpay/platform';
import { type Answer, type BadInputApi, startBadInputApi } from './support/bad-input-api';

const env = useIsolatedEnv('messageviews');

/**
 * Bad input on the message views of issue 12 (`/me/messages`, `/messages`,
 * `/messages/delivery-rates`) and on the resend through the fallback: every refusal is
 * problem+json with a stable code, and nothing is written.
 */
describe('bad input: message views and resend', () => {
  let api: BadInputApi;
  let citizen: string;
  let staff: string;

  beforeAll(async () => {
    api = await startBadInputApi(env);
    citizen = api.tokenFor('citizen', 'citizen-views');
    staff = api.tokenFor('staff', 'staff-views');
  }, 60_000);
  afterAll(() => api?.close());

  async function refused(request: () => Promise<Answer>, status: number, code: string): Promise<void> {
    const before = await Promise.all([api.eventCount(), api.count('notifications')]);
    const answer = await request();
    expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
    expect(answer.contentType).toContain('application/problem+json');
    expect(await Promise.all([api.eventCount(), api.count('notifications')])).toEqual(before);
  }

  it('answers the views with empty pages when nothing was sent', async () => {
    expect(await api.request('GET', '/me/messages', { token: citizen })).toMatchObject({
      status: 200,
      body: { items: [], total: 0, limit: 50, offset: 0 },
    });
    expect(
      await api.request('GET', '/messages?kind=raffle_won&status=delivered&channel=alimtalk&day=2025-01-20', { token: staff }),
    ).toMatchObject({
      status: 200,
      body: { items: [], total: 0 },
    });
    const rates = await api.request('GET', '/messages/delivery-rates?day=2025-01-20', { token: staff });
    expect(rates.body.channels.map((c: { channel: string; deliveryRate: unknown }) => [c.channel, c.deliveryRate])).toEqual([
      ['alimtalk', null],
      ['sms', null],
      ['email', null],
    ]);
  });

  it('refuses callers without a token, and anyone but staff on the staff views', async () => {
    await refused(() => api.request('GET', '/me/messages'), 401, 'unauthenticated');
    await refused(() => api.request('GET', '/messages', { token: citizen }), 403, 'wrong_role');
    await refused(() => api.request('GET', '/messages/delivery-rates', { token: citizen }), 403, 'wrong_role');
    await refused(
      () => api.request('POST', '/notifications/4b1c0a52-6d0f-4a43-9d35-3c2f5a7e9b10/resend', { token: citizen }),
      403,
      'wrong_role',
    );
  });

  it.each([
    ['/me/messages?limit=0', 'citizen'],
    ['/me/messages?limit=201', 'citizen'],
    ['/me/messages?offset=-1', 'citizen'],
    ['/me/messages?limit=1e3', 'citizen'],
    ['/me/messages?recipient=someone-else', 'citizen'],
    ['/messages?kind=lottery', 'staff'],
    ['/messages?status=lost', 'staff'],
    ['/messages?channel=fax', 'staff'],
    ['/messages?day=2025-02-30', 'staff'],
    ['/messages?day=20250120', 'staff'],
    ['/messages?kind=raffle_won&kind=prepayment_made', 'staff'],
    ['/messages/delivery-rates?day=yesterday', 'staff'],
    ['/messages/delivery-rates?channel=sms', 'staff'],
  ])('%s is 400 validation_failed', async (url, who) => {
    await refused(() => api.request('GET', url, { token: who === 'staff' ? staff : citizen }), 400, 'validation_failed');
  });

  it('refuses a resend of a notification that does not exist, or by a malformed id', async () => {
    await refused(
      () => api.request('POST', '/notifications/4b1c0a52-6d0f-4a43-9d35-3c2f5a7e9b10/resend', { token: staff }),
      404,
      'notification_not_found',
    );
    await refused(() => api.request('POST', '/notifications/not-a-uuid/resend', { token: staff }), 400, 'invalid_id');
  });
});
