import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CASHBACK_FIGURES, DONATION_LEDGER } from '@goodpay/donation';
import { DataSource } from 'typeorm';
import { Subscriptions } from '@goodpay/event-store';
import { useIsolatedEnv } from '@goodpay/platform';
import { ApiModule } from '../../../apps/api/src/api.module';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { multipartFile } from '../../support/bank-file-result';

const env = useIsolatedEnv('cashback_figures');
process.env.CASHBACK_FIGURES = 'imported';
// The api runs on the real clock: the cashback month is this Seoul month.
const month = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7);
const CARD_A = '9410123456781111';
const CARD_B = '9410 1234 5678 2222';

/**
 * Issue 16 item 2 end to end over HTTP: the card issuer's imported figure caps cashback gifts;
 * a gift reported before its card's figure waits pending (citizen and staff see it) and is
 * decided by the cashback-figures process manager when the figure arrives.
 */
describe("cashback capped by the card issuer's imported figures, over HTTP", () => {
  let app: NestFastifyApplication;
  let tokens: Record<'citizen' | 'staff', string>;
  let keys = 0;

  const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}`, 'idempotency-key': `cashback-key-${(keys += 1)}` } });
  const donate = (amount: number, cardReference: string) =>
    call('POST', '/donations', tokens.citizen, { amount, cashbackMonth: month, cardReference });
  const importFile = (csv: string, key = `cashback-file-${(keys += 1)}`) => {
    const { payload, headers } = multipartFile('file', 'cashback.csv', Buffer.from(csv));
    return app.inject({
      method: 'POST',
      url: '/cashback-figures',
      payload,
      headers: { ...headers, authorization: `Bearer ${tokens.staff}`, 'idempotency-key': key },
    });
  };
  const decided = async () => {
    await app.get(Subscriptions).catchUpCompletely(CASHBACK_FIGURES);
    await app.get(Subscriptions).catchUpCompletely(DONATION_LEDGER);
  };
  const token = async (subject: string, role: string) =>
    (await app.inject({ method: 'POST', url: '/dev/tokens', payload: { subject, role } })).json<{ token: string }>().token;

  beforeAll(async () => {
    app = await createApiApp(ApiModule, { shutdownHooks: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    tokens = { citizen: await token('cashback-citizen', 'citizen'), staff: await token('staff-1', 'staff') };
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  it('caps gifts by the imported figure: 25,000 then 30,000 against 40,000 refuses the second', async () => {
    const file = `card_number,cashback_month,cashback_amount\n${CARD_B},${month},40000\n`;
    const imported = await importFile(file);
    expect(imported.json()).toMatchObject({ rows: 1, imported: 1, unchanged: 0 });
    expect((await importFile(file)).json()).toMatchObject({ rows: 1, imported: 0, unchanged: 1 });

    expect((await donate(25_000, CARD_B)).json()).toMatchObject({ status: 'donated' });
    expect((await donate(30_000, CARD_B)).json()).toMatchObject({ status: 422, code: 'donation_exceeds_cashback' });
    expect((await donate(15_000, CARD_B)).json()).toMatchObject({ status: 'donated' });
    expect((await donate(1, CARD_B)).json()).toMatchObject({ code: 'donation_exceeds_cashback' });
    // The figure is matched by card: the last 4 digits alone cannot be.
    expect((await donate(1_000, '2222')).json()).toMatchObject({ status: 400, code: 'card_number_required' });

    await decided();
    expect((await call('GET', '/me/donations', tokens.citizen)).json()).toMatchObject({ total: 40_000, reports: [] });
  });

  it('keeps gifts reported before the figure pending, shown to the citizen and to staff, and decides them when it arrives', async () => {
    expect((await donate(25_000, CARD_A)).json()).toMatchObject({ status: 'pending' });
    expect((await donate(30_000, CARD_A)).json()).toMatchObject({ status: 'pending' });
    await decided();
    const waiting = (await call('GET', '/me/donations', tokens.citizen)).json<{
      total: number;
      reports: { status: string; amount: number; card: string }[];
    }>();
    expect(waiting.total).toBe(40_000);
    expect(waiting.reports.map((r) => [r.amount, r.status, r.card]).sort()).toEqual([
      [25_000, 'pending', '****-1111'],
      [30_000, 'pending', '****-1111'],
    ]);
    expect((await call('GET', '/cashback-reports', tokens.staff)).json()).toHaveLength(2);
    expect((await call('GET', '/cashback-reports', tokens.citizen)).statusCode).toBe(403);

    // A file with a bad row changes nothing.
    expect(
      (await importFile(`card_number,cashback_month,cashback_amount\n${CARD_A},${month},40000\n1111,${month},5\n`)).json(),
    ).toMatchObject({
      status: 400,
      code: 'invalid_cashback_file',
    });
    await decided();
    expect((await call('GET', '/cashback-reports', tokens.staff)).json()).toHaveLength(2);

    expect((await importFile(`card_number,cashback_month,cashback_amount\n${CARD_A},${month},40000\n`)).json()).toMatchObject({
      imported: 1,
    });
    await decided();
    const after = (await call('GET', '/me/donations', tokens.citizen)).json<{
      total: number;
      reports: { status: string; amount: number }[];
    }>();
    expect(after.total).toBe(65_000);
    expect(after.reports.map((r) => [r.amount, r.status])).toEqual([[30_000, 'refused']]);
    expect((await call('GET', '/cashback-reports', tokens.staff)).json()).toEqual([]);
    expect((await call('GET', '/cashback-reports?status=donated', tokens.staff)).json()).toMatchObject([
      { amount: 25_000, status: 'donated' },
    ]);
    // The chest received exactly what was given.
    expect((await call('GET', '/community-chest/ledger', tokens.staff)).json()).toMatchObject({ received: { cashback: 65_000 } });
    // No card number anywhere in the log.
    const [{ n }] = await app
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM events WHERE data::text LIKE '%56781111%'`);
    expect(n).toBe(0);
  });
});
