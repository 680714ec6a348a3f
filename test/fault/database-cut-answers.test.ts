import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { addDays, seoulDate } from '@goodpay/shared';
import { useIsolatedEnv } from '@goodpay/platform';
import { ApiModule } from '../../apps/api/src/api.module';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { cutDatabaseConnections } from './support/database-cut';

const env = useIsolatedEnv('dbcut');

interface Sent {
  status: number;
  retryAfter?: string;
  contentType?: string;
  code?: string;
}

/**
 * What clients are told while the api's PostgreSQL connections are cut again and again (a
 * restart or failover, as the api sees it): a command or read caught by a cut answers 503
 * temporarily_unavailable problem+json with Retry-After, never 500; the same command sent again
 * with the same Idempotency-Key then succeeds once.
 */
describe('fault: database connections cut under traffic', () => {
  let app: NestFastifyApplication;
  let staff: Record<string, string>;

  beforeAll(async () => {
    app = await createApiApp(ApiModule, { shutdownHooks: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const { token } = (await app.inject({ method: 'POST', url: '/dev/tokens', payload: { subject: 'cut-staff', role: 'staff' } })).json();
    staff = { authorization: `Bearer ${token}` };
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  const database = () => new URL(env.databaseUrl).pathname.slice(1);
  const today = seoulDate(new Date().toISOString());
  const campaign = (name: string) => ({
    name,
    region: { kind: 'province', name: 'Jeonbuk' },
    startsOn: today,
    endsOn: addDays(today, 30),
    participationTarget: { participants: 100, amount: 1_000_000 },
  });

  async function send(method: 'GET' | 'POST', url: string, payload?: object, key?: string): Promise<Sent & { body: any }> {
    const response = await app.inject({ method, url, payload, headers: { ...staff, ...(key ? { 'idempotency-key': key } : {}) } });
    const body = response.headers['content-type']?.toString().startsWith('application/') ? response.json() : response.body;
    return {
      status: response.statusCode,
      retryAfter: response.headers['retry-after']?.toString(),
      contentType: response.headers['content-type']?.toString(),
      code: body?.code,
      body,
    };
  }

  it('answers 503 with Retry-After, never 500, and a retry with the same key succeeds once', async () => {
    const answers: Sent[] = [];
    const unavailable: { key: string; name: string }[] = [];
    let running = true;
    const client = async (n: number) => {
      while (running) {
        const key = randomUUID();
        const name = `cut ${n} ${key}`;
        const created = await send('POST', '/campaigns', campaign(name), key);
        answers.push(created);
        if (created.status === 503) unavailable.push({ key, name });
        answers.push(await send('GET', '/campaigns?limit=5'));
      }
    };
    const clients = Array.from({ length: 6 }, (_, n) => client(n));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && unavailable.length < 3) {
      await cutDatabaseConnections(database());
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    running = false;
    await Promise.all(clients);

    const wrong = answers.filter(
      (a) =>
        a.status >= 500 &&
        !(
          a.status === 503 &&
          a.code === 'temporarily_unavailable' &&
          /^\d+$/.test(a.retryAfter ?? '') &&
          a.contentType?.startsWith('application/problem+json')
        ),
    );
    expect(wrong).toEqual([]);
    expect(unavailable.length).toBeGreaterThan(0); // the cuts did catch requests in flight

    // The clients retry what was unavailable, with the same key: each is then created exactly once.
    for (const { key, name } of unavailable) {
      let retried = await send('POST', '/campaigns', campaign(name), key);
      for (let attempt = 0; retried.status === 503 && attempt < 10; attempt += 1)
        retried = await send('POST', '/campaigns', campaign(name), key);
      expect(retried.status).toBe(201);
      const again = await send('POST', '/campaigns', campaign(name), key);
      expect(again.body).toMatchObject({ campaignId: retried.body.campaignId, replayed: true });
    }
  }, 60_000);
});
