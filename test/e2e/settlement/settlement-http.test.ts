import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EventStore, ProjectionWorkerModule, Subscriptions } from '@goodpay/event-store';
import { useIsolatedEnv } from '@goodpay/platform';
import { payoutDecider, payoutStream, SETTLEMENT_LEDGER, settlementIdOf, SettlementRun, SettlementWorkerModule } from '@goodpay/settlement';
import { ApiModule } from '../../../apps/api/src/api.module';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { inProcessClient } from '../../support/api-client';
import { checkAnswersOf } from '../../support/openapi-conformance';
import { metadataFor } from '../../support/actors';

const env = useIsolatedEnv('settlement_http');

// The api (with its settlement routes) and, in the same process, the settlement worker with one
// attempt per payout round, so a failure shows at once.
// The consumers run as in the worker: the payouts reactor turns scheduled payouts into jobs.
@Module({ imports: [ApiModule, SettlementWorkerModule.forRoot({ payoutAttempts: 1, payoutBackoffMs: 10 }), ProjectionWorkerModule] })
class SettlementApiModule {}

describe('settlement over HTTP', () => {
  let app: NestFastifyApplication;
  const merchantId = randomUUID();
  const settlementId = settlementIdOf(merchantId, '2025-01-14');

  const call = (method: 'GET' | 'POST', url: string, token?: string) =>
    app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const token = async (subject: string, role: string) =>
    (await app.inject({ method: 'POST', url: '/dev/tokens', payload: { subject, role } })).json<{ token: string }>().token;

  beforeAll(async () => {
    app = checkAnswersOf(await createApiApp(SettlementApiModule, { shutdownHooks: false }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();

    const store = app.get(EventStore);
    const prepaymentId = randomUUID();
    await store.append(
      [
        {
          streamId: `merchant-${merchantId}`,
          expectedVersion: 'any',
          events: [
            {
              type: 'MerchantRegistered',
              data: {
                merchantId,
                ownerId: 'owner-1',
                name: 'Hanok Noodles',
                category: 'restaurant',
                district: 'Wansan-gu',
                businessRegistrationNumber: '1234567891',
                registeredAt: '2025-01-07T00:00:00Z',
              },
            },
          ],
        },
        {
          streamId: `prepayment-${prepaymentId}`,
          expectedVersion: 'any',
          events: [
            {
              type: 'PrepaymentMade',
              data: {
                prepaymentId,
                code: 'K7MX2QPA',
                payer: { id: 'citizen-1', kind: 'citizen' },
                merchantId,
                campaignId: randomUUID(),
                amount: 50_000,
                channel: 'platform',
                paymentConfirmation: { provider: 'toss', externalReference: randomUUID() },
                merchantCategory: 'restaurant',
                merchantDistrict: 'Wansan-gu',
                paidAt: '2025-01-14T03:00:00Z',
              },
            },
          ],
        },
      ],
      metadataFor(),
    );
    await app.get(SettlementRun).settleDay('2025-01-14');
    const deadline = Date.now() + 15_000;
    while ((await store.aggregate(payoutStream(settlementId), payoutDecider)).state.status !== 'paid') {
      if (Date.now() > deadline) throw new Error('the payout was not made');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await app.get(Subscriptions).catchUpCompletely(SETTLEMENT_LEDGER);
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  it("shows a shop's owner its statements, and nobody else's", async () => {
    const owner = await token('owner-1', 'merchant');
    const list = await call('GET', '/settlements', owner);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, items: [{ settlementId, collected: 50_000, payout: 50_000, payoutStatus: 'paid' }] });
    const statement = await call('GET', `/settlements/${settlementId}`, owner);
    expect(statement.json()).toMatchObject({
      settlementId,
      items: [{ kind: 'collected', amount: 50_000 }],
      payoutDetail: { status: 'paid' },
    });

    const stranger = await token('owner-2', 'merchant');
    expect((await call('GET', '/settlements', stranger)).json()).toMatchObject({ total: 0, items: [] });
    expect((await call('GET', `/settlements/${settlementId}`, stranger)).json()).toMatchObject({
      status: 404,
      code: 'settlement_not_found',
    });
    expect((await call('GET', '/settlements', await token('citizen-1', 'citizen'))).json()).toMatchObject({
      status: 403,
      code: 'wrong_role',
    });
  });

  it("gives staff the day's reconciliation and the payouts", async () => {
    const staff = await token('staff-1', 'staff');
    // Through the typed client (libs/api-client): the answers are typed by the document.
    const api = inProcessClient(app, staff);
    const reconciliation = await api.GET('/settlement-days/{day}/reconciliation', { params: { path: { day: '2025-01-14' } } });
    expect(reconciliation.data).toMatchObject({
      day: '2025-01-14',
      balanced: true,
      totals: { collected: 50_000, payout: 50_000, paid: 50_000, difference: 0 },
    });
    const payouts = await api.GET('/payouts', { params: { query: { status: 'paid' } } });
    expect(payouts.data!.map(({ settlementId, status }) => ({ settlementId, status }))).toEqual([{ settlementId, status: 'paid' }]);
    expect((await call('GET', '/settlement-days/2025-02-30/reconciliation', staff)).statusCode).toBe(400);
  });

  it('lets staff run a day and retry a failed payout, refusing what makes no sense', async () => {
    const staff = await token('staff-1', 'staff');
    const run = await call('POST', '/settlement-days/2025-01-14/run', staff);
    expect(run.statusCode).toBe(202);
    expect(run.json()).toMatchObject({ day: '2025-01-14', jobId: 'settle-day.2025-01-14', position: '0' });
    expect((await call('POST', '/settlement-days/2999-01-01/run', staff)).json()).toMatchObject({
      status: 422,
      code: 'settlement_day_not_over',
    });
    expect((await call('POST', `/payouts/${settlementId}/retry`, staff)).json()).toMatchObject({
      status: 422,
      code: 'payout_already_paid',
    });
    expect((await call('POST', `/payouts/${randomUUID()}/retry`, staff)).json()).toMatchObject({ status: 404, code: 'payout_not_found' });
    expect((await call('POST', `/payouts/${settlementId}/retry`, await token('owner-1', 'merchant'))).statusCode).toBe(403);
  });
});
