import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalServerUnavailableError } from './local-server-error';
import { INSTALL_REDIS, LocalRedis } from './local-redis';
import { startLocalServers } from './local-servers';
import { freeLoopbackPort } from './tcp';
import { PRODUCTION_ENV } from '../config/test/production-env';

describe('startLocalServers', () => {
  const home = mkdtempSync(join(tmpdir(), 'goodpay-local-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('starts nothing in production, even with nothing on the default ports: a missing database is an error there, as before', async () => {
    const env: NodeJS.ProcessEnv = {
      ...PRODUCTION_ENV,
      LOCAL_POSTGRES_PORT: String(await freeLoopbackPort()),
      LOCAL_REDIS_PORT: String(await freeLoopbackPort()),
      EMBEDDED_POSTGRES_DIR: join(home, 'postgres'),
    };
    const lines: string[] = [];
    const servers = await startLocalServers(env, (line) => lines.push(line));
    expect(servers.startedAny).toBe(false);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(existsSync(join(home, 'postgres'))).toBe(false);
    expect(lines).toEqual([
      `database: PostgreSQL at postgres://postgres@127.0.0.1:${env.LOCAL_POSTGRES_PORT}/goodpay`,
      `redis: Redis at redis://127.0.0.1:${env.LOCAL_REDIS_PORT}`,
    ]);
  });

  it('leaves a DATABASE_URL and a REDIS_URL that are set alone, whatever answers', async () => {
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'development',
      DATABASE_URL: `postgres://postgres@127.0.0.1:${await freeLoopbackPort()}/elsewhere`,
      REDIS_URL: `redis://127.0.0.1:${await freeLoopbackPort()}`,
      EMBEDDED_POSTGRES_DIR: join(home, 'postgres'),
    };
    const before = { ...env };
    const servers = await startLocalServers(env, () => undefined);
    expect(servers.startedAny).toBe(false);
    expect(env).toEqual(before);
  });
});

describe('LocalRedis', () => {
  it('without a redis-server on the PATH, fails with one line that says how to install one or where to point REDIS_URL', async () => {
    const redis = new LocalRedis('redis-server-that-is-not-installed');
    const failure = redis.start();
    await expect(failure).rejects.toBeInstanceOf(LocalServerUnavailableError);
    await expect(failure).rejects.toThrow(INSTALL_REDIS);
    expect(INSTALL_REDIS).toMatch(/apt-get install redis-server.*brew install redis.*REDIS_URL/);
    await redis.stop();
  });
});
