import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { useIsolatedEnv, WorkerDrain } from '@goodpay/platform';
import { createApiApp } from '../../api/src/bootstrap';
import { StandaloneModule } from './standalone.module';

const env = useIsolatedEnv('standalone');

describe('standalone (api and workers in one process)', () => {
  let app: NestFastifyApplication;

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  it('boots the api with the platform registered once', async () => {
    app = await createApiApp(StandaloneModule, { shutdownHooks: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    expect(app.get(WorkerDrain, { strict: false })).toBeInstanceOf(WorkerDrain);
  });
});
