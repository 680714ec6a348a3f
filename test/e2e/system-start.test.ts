import { RunningSystem } from '../support/system';

/** The two processes a deployment runs, from a database that does not exist yet. */
describe('e2e: api and worker processes start on a fresh database', () => {
  const system = new RunningSystem();

  beforeAll(() => system.start(), 90_000);
  afterAll(() => system.stop());

  it('created and migrated the database, and answers health, readiness, docs and metrics', async () => {
    const migrations = await system.sql<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    expect(migrations.map((m) => m.name)).toContain('CreateEventStore1732000000000');
    expect((await system.request('GET', '/health')).status).toBe(200);
    expect((await system.request('GET', '/ready')).body).toMatchObject({ status: 'ok' });
    expect((await system.request('GET', '/docs-json')).body.paths).toHaveProperty(['/prepayments']);
    expect((await system.request('GET', '/metrics')).body).toContain('process_cpu_seconds_total');
  });

  it('answers a command for an unknown campaign with problem+json 404 and writes nothing', async () => {
    const token = await system.token('citizen-1', 'citizen');
    const answer = await system.request('POST', '/prepayments', {
      token,
      idempotencyKey: 'e2e-key-00000001',
      body: {
        campaignId: '00000000-0000-4000-8000-000000000001',
        merchantId: '00000000-0000-4000-8000-000000000002',
        amount: 100_000,
        channel: 'platform',
        paymentConfirmation: { provider: 'toss', externalReference: 'pay-1' },
      },
    });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 404, code: expect.stringMatching(/_not_found$/) });
    expect(await system.sql('SELECT 1 FROM events')).toHaveLength(0);
  });
});
