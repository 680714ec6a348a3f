import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OperationsModule, PlatformModule, useIsolatedEnv } from '@goodpay/platform';
import { createApiApp } from './bootstrap';

const env = useIsolatedEnv('ready');

@Module({ imports: [PlatformModule.forRoot({ migrations: [] }), OperationsModule] })
class HealthTestModule {}

describe('/ready when Redis is unreachable', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1'; // nothing listens there
    app = await createApiApp(HealthTestModule, { shutdownHooks: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    delete process.env.REDIS_URL;
    await env.cleanup();
  });

  it('is 503 problem+json naming the failing check, while /health stays 200', async () => {
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ready.json()).toMatchObject({
      code: 'service_unavailable',
      checks: { postgres: { status: 'up' }, redis: { status: 'down' } },
    });
    const live = await app.inject({ method: 'GET', url: '/health' });
    expect(live.statusCode).toBe(200);
  });
});
