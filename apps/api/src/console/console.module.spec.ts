import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PlatformModule, useIsolatedEnv } from '@goodpay/platform';
import { createApiApp } from '../bootstrap';
import { ConsoleModule } from './console.module';

const env = useIsolatedEnv('console');

@Module({ imports: [PlatformModule.forRoot({ migrations: [] }), ConsoleModule] })
class ConsoleTestModule {}

async function start(consoleDir: string): Promise<NestFastifyApplication> {
  process.env.CONSOLE_DIR = consoleDir;
  const app = await createApiApp(ConsoleTestModule, { shutdownHooks: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('the staff console at /console', () => {
  let built: string;

  beforeAll(async () => {
    built = await mkdtemp(join(tmpdir(), 'console-built-'));
    await writeFile(join(built, 'index.html'), '<!doctype html><div id="root"></div>');
  });
  afterAll(async () => {
    delete process.env.CONSOLE_DIR;
    await rm(built, { recursive: true, force: true });
    await env.cleanup();
  });

  it('serves the built files, index.html never from a cache, and sends /console to /console/', async () => {
    const app = await start(built);
    try {
      const index = await app.inject({ method: 'GET', url: '/console/' });
      expect(index.statusCode).toBe(200);
      expect(index.body).toContain('<div id="root"></div>');
      expect(index.headers['cache-control']).toBe('no-cache');
      expect(await app.inject({ method: 'GET', url: '/console' })).toMatchObject({ statusCode: 308, headers: { location: '/console/' } });
      const missing = await app.inject({ method: 'GET', url: '/console/assets/nothing.js' });
      expect(missing.statusCode).toBe(404);
      for (const url of ['/console/../package.json', '/console/%2e%2e/%2e%2e/package.json', '/console/..%2f..%2fpackage.json']) {
        const outside = await app.inject({ method: 'GET', url });
        expect([400, 403, 404]).toContain(outside.statusCode); // never a file from outside the console's folder
      }
    } finally {
      await app.close();
    }
  });

  it('starts without a built console and answers problem+json 404 console_not_built there', async () => {
    const app = await start(join(built, 'not-built'));
    try {
      for (const url of ['/console', '/console/', '/console/assets/index.js']) {
        const answer = await app.inject({ method: 'GET', url });
        expect(answer.statusCode).toBe(404);
        expect(answer.headers['content-type']).toContain('application/problem+json');
        expect(answer.json()).toMatchObject({ status: 404, code: 'console_not_built' });
      }
    } finally {
      await app.close();
    }
  });

  it('serves a console built while the api runs, from the next request on', async () => {
    const later = await mkdtemp(join(tmpdir(), 'console-later-'));
    const app = await start(later);
    try {
      expect((await app.inject({ method: 'GET', url: '/console/' })).json()).toMatchObject({ code: 'console_not_built' });
      await writeFile(join(later, 'index.html'), '<!doctype html><div id="root"></div>');
      expect(await app.inject({ method: 'GET', url: '/console/' })).toMatchObject({ statusCode: 200 });
    } finally {
      await app.close();
      await rm(later, { recursive: true, force: true });
    }
  });

  it('tells the console how staff sign in: a development token here, OpenID only with both settings', async () => {
    const app = await start(built);
    try {
      expect((await app.inject({ method: 'GET', url: '/console-settings' })).json()).toEqual({ openId: null, developmentTokens: true });
    } finally {
      await app.close();
    }
    process.env.OIDC_ISSUER = 'https://login.example.go.kr/realms/goodpay';
    process.env.OIDC_AUDIENCE = 'goodpay-api';
    process.env.CONSOLE_OIDC_CLIENT_ID = 'goodpay-console';
    const withOpenId = await start(built);
    try {
      expect((await withOpenId.inject({ method: 'GET', url: '/console-settings' })).json()).toMatchObject({
        openId: { issuer: 'https://login.example.go.kr/realms/goodpay', clientId: 'goodpay-console', scope: 'openid profile' },
      });
    } finally {
      await withOpenId.close();
      delete process.env.OIDC_ISSUER;
      delete process.env.OIDC_AUDIENCE;
      delete process.env.CONSOLE_OIDC_CLIENT_ID;
    }
  });
});
