import { Module } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PlatformModule, useIsolatedEnv } from '@goodpay/platform';
import type { Role } from '@goodpay/shared';
import { BOARD_SPELLINGS as SPELLINGS } from '../../../../test/bad-input/support/admin-paths';
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

const tokenFor = (app: NestFastifyApplication, role: Role) => app.get(JwtService, { strict: false }).sign({ sub: `board-${role}`, role });

describe('Bull Board at /admin/queues', () => {
  afterAll(async () => {
    delete process.env.BULL_BOARD_ENABLED;
    await env.cleanup();
  });

  it('shows the registered queues to staff, however the path is spelt', async () => {
    const app = await start(true);
    try {
      for (const url of ['/admin/queues/api/queues', '/admin/%71ueues/api/queues', '/admin/queues/api/queues?x=1']) {
        const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokenFor(app, 'staff')}` } });
        expect(response.statusCode).toBe(200);
        const { queues } = response.json() as { queues: { name: string }[] };
        expect(queues.map((q) => q.name)).toEqual(['board-test']);
      }
      const page = await app.inject({
        method: 'GET',
        url: '/admin/queues',
        headers: { authorization: `Bearer ${tokenFor(app, 'staff')}` },
      });
      expect(page.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses every spelling of every board route without a staff token, with problem+json (400, 401, 403 or 404)', async () => {
    const app = await start(true);
    try {
      const callers: [string, Record<string, string>][] = [
        ['no token', {}],
        ['a bad token', { authorization: 'Bearer garbage' }],
        ['a citizen', { authorization: `Bearer ${tokenFor(app, 'citizen')}` }],
        ['a merchant', { authorization: `Bearer ${tokenFor(app, 'merchant')}` }],
      ];
      const reached: string[] = [];
      for (const [caller, headers] of callers) {
        for (const { method, url } of SPELLINGS) {
          const response = await app.inject({ method, url, headers });
          const refused =
            [400, 401, 403, 404].includes(response.statusCode) &&
            String(response.headers['content-type']).startsWith('application/problem+json') &&
            /^[a-z_]+$/.test(String(response.json().code));
          if (!refused) reached.push(`${caller}: ${method} ${url} -> ${response.statusCode} ${response.body.slice(0, 80)}`);
        }
      }
      expect(reached).toEqual([]);
      // The plain spelling is the board: refused for want of a token, not for want of a route.
      expect((await app.inject({ method: 'GET', url: '/admin/queues/api/queues' })).json()).toMatchObject({
        status: 401,
        code: 'unauthenticated',
      });
      const citizen = await app.inject({ method: 'GET', url: '/admin/%71ueues/api/queues', headers: callers[2][1] });
      expect(citizen.json()).toMatchObject({ status: 403, code: 'wrong_role' });
    } finally {
      await app.close();
    }
  });

  it('is not mounted at all when disabled: 404 problem+json, staff included', async () => {
    const app = await start(false);
    try {
      for (const { method, url } of SPELLINGS) {
        const response = await app.inject({ method, url, headers: { authorization: `Bearer ${tokenFor(app, 'staff')}` } });
        // (the spelling with a NUL may be refused as such: 400 invalid_characters)
        expect({ url, refused: (url.includes('%00') ? [400, 404] : [404]).includes(response.statusCode) }).toEqual({ url, refused: true });
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    } finally {
      await app.close();
    }
  });
});
