import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PlatformModule, useIsolatedEnv } from '@goodpay/platform';
import { createApiApp } from '../bootstrap';
import { QueueBoardModule } from './queue-board.module';

const env = useIsolatedEnv('board');

@Module({
  imports: [PlatformModule.forRoot({ migrations: [] }), QueueBoardModule.forRoot({ queues: ['board-test'] })],
})
class BoardTestModule {}

async function start(enabled: boolean): Promise<NestFastifyApplication> {
  process.env.BULL_BOARD_ENABLED = String(enabled);
  const app = await createApiApp(BoardTestModule, { shutdownHooks: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('Bull Board at /admin/queues', () => {
  afterAll(async () => {
    delete process.env.BULL_BOARD_ENABLED;
    await env.cleanup();
  });

  it('shows the registered queues when enabled', async () => {
    const app = await start(true);
    try {
      const response = await app.inject({ method: 'GET', url: '/admin/queues/api/queues' });
      expect(response.statusCode).toBe(200);
      const { queues } = response.json() as { queues: { name: string }[] };
      expect(queues.map((q) => q.name)).toEqual(['board-test']);
    } finally {
      await app.close();
    }
  });

  it('answers 404 problem+json on every board route when disabled', async () => {
    const app = await start(false);
    try {
      for (const url of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues', '/admin/queues/static/x.js']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({ code: 'not_found' });
      }
    } finally {
      await app.close();
    }
  });
});
