import { type AddressInfo, createServer, type Socket } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { type AppConfig, useIsolatedEnv } from '@goodpay/platform';
import { ApiModule } from '../api.module';
import { createApiApp } from '../bootstrap';
import { TokenService } from '../auth/token.service';
import { RedisRateLimitStorage } from './redis-rate-limit-storage';

const env = useIsolatedEnv('ratelimit');
// Small budgets, so the real limits on the real Redis are reached in a few requests.
process.env.RATE_LIMIT_DEFAULT = '5/1m';
process.env.RATE_LIMIT_RECEIPT_UPLOADS = '2/1h';
process.env.RATE_LIMIT_DEV_TOKENS = '2/1m';
process.env.RATE_LIMIT_DRAWS = '1/2s';

const CAMPAIGN = '00000000-0000-4000-8000-000000000001';

describe('rate limits: per client, shared by every api instance through Redis', () => {
  /** Two api instances on the same Redis and prefix, as two replicas behind a load balancer. */
  let apps: NestFastifyApplication[];
  let tokens: TokenService;

  beforeAll(async () => {
    apps = [];
    for (let i = 0; i < 2; i++) {
      const app = await createApiApp(ApiModule, { shutdownHooks: false });
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      apps.push(app);
    }
    tokens = apps[0]!.get(TokenService);
  }, 60_000);

  afterAll(async () => {
    for (const app of apps ?? []) await app.close();
    await env.cleanup();
  });

  const send = (instance: number, request: { method?: 'GET' | 'POST'; url: string; token?: string; from?: string; payload?: object }) =>
    apps[instance]!.inject({
      method: request.method ?? 'GET',
      url: request.url,
      remoteAddress: request.from ?? '127.0.0.1',
      headers: request.token ? { authorization: `Bearer ${request.token}` } : {},
      ...(request.payload ? { payload: request.payload } : {}),
    });

  const expectRateLimited = (response: Awaited<ReturnType<typeof send>>, windowSeconds: number) => {
    expect(response.statusCode).toBe(429);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
    expect(response.json()).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: retryAfter, windowSeconds });
  };

  it('counts a user across both instances and refuses the request past the default limit', async () => {
    const kim = tokens.issue('citizen-kim', 'citizen');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await send(i % 2, { url: '/campaigns', token: kim })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expectRateLimited(await send(1, { url: '/campaigns', token: kim }), 60);
    expectRateLimited(await send(0, { url: '/campaigns', token: kim }), 60);

    // The same person from another address is still over; another person from the same one is not.
    expect((await send(0, { url: '/campaigns', token: kim, from: '10.9.9.9' })).statusCode).toBe(429);
    expect((await send(1, { url: '/campaigns', token: tokens.issue('citizen-lee', 'citizen') })).statusCode).toBe(200);
  });

  it('counts callers without a valid token by their address; a forged token does not buy a new budget', async () => {
    const from = '203.0.113.7';
    for (let i = 0; i < 3; i++) expect((await send(i % 2, { url: '/campaigns', from })).statusCode).toBe(200);
    expect((await send(0, { url: '/campaigns', from, token: 'forged.token.value' })).statusCode).toBe(200);
    expect((await send(1, { url: '/campaigns', from, token: 'another-forged-token' })).statusCode).toBe(200);
    expectRateLimited(await send(0, { url: '/campaigns', from }), 60);
    expect((await send(0, { url: '/campaigns', from: '203.0.113.8' })).statusCode).toBe(200);
  });

  it('holds receipt uploads to their own, stricter limit', async () => {
    const park = tokens.issue('citizen-park', 'citizen');
    const upload = (instance: number) =>
      send(instance, { method: 'POST', url: `/campaigns/${CAMPAIGN}/raffle/certifications/receipts`, token: park });
    expect((await upload(0)).statusCode).toBe(400); // read and refused: no Idempotency-Key, no photo
    expect((await upload(1)).statusCode).toBe(400);
    expectRateLimited(await upload(0), 3600);
    // Other routes still answer: the default budget is not spent.
    expect((await send(1, { url: '/campaigns', token: park })).statusCode).toBe(200);
  });

  it('holds development token minting to its own limit per address', async () => {
    const mint = (instance: number, subject: string) =>
      send(instance, { method: 'POST', url: '/dev/tokens', from: '198.51.100.1', payload: { subject, role: 'citizen' } });
    expect((await mint(0, 'a')).statusCode).toBe(201);
    expect((await mint(1, 'b')).statusCode).toBe(201);
    expectRateLimited(await mint(0, 'c'), 60);
  });

  it('lets the client in again once the window it overran is over', async () => {
    const staff = tokens.issue('staff-choi', 'staff');
    const draw = (instance: number) =>
      send(instance, { method: 'POST', url: `/campaigns/${CAMPAIGN}/raffle/rounds/1/draw`, token: staff, payload: { numbers: [1] } });
    expect((await draw(0)).statusCode).not.toBe(429);
    expectRateLimited(await draw(1), 2);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await draw(1)).statusCode).not.toBe(429);
  });

  it('never limits the health probes', async () => {
    for (let i = 0; i < 8; i++) expect((await send(i % 2, { url: '/health', from: '192.0.2.1' })).statusCode).toBe(200);
  });

  it('keeps its counters under the queue prefix, without user ids or addresses in the keys', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${env.queuePrefix}:rate-limit:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toMatch(new RegExp(`^${env.queuePrefix}:rate-limit:\\{[A-Za-z0-9_-]{43}:[a-z-]+\\}:(hits|blocked)$`));
        expect(key).not.toMatch(/kim|203\.0\.113/);
      }
    } finally {
      redis.disconnect();
    }
  });

  it('believes X-Forwarded-For only from a trusted proxy (TRUSTED_PROXIES)', async () => {
    // These instances trust no proxy: a header anyone can send buys no new budget.
    const from = '198.51.100.9';
    const forwarded = (i: number) => ({ 'x-forwarded-for': `203.0.113.${100 + i}` });
    for (let i = 0; i < 5; i++) {
      expect((await apps[i % 2]!.inject({ method: 'GET', url: '/campaigns', remoteAddress: from, headers: forwarded(i) })).statusCode).toBe(
        200,
      );
    }
    expectRateLimited(await apps[0]!.inject({ method: 'GET', url: '/campaigns', remoteAddress: from, headers: forwarded(5) }), 60);

    // Behind a trusted load balancer each caller is counted by their own address.
    process.env.TRUSTED_PROXIES = '192.0.2.0/24';
    const proxied = await createApiApp(ApiModule, { shutdownHooks: false });
    delete process.env.TRUSTED_PROXIES;
    try {
      await proxied.init();
      await proxied.getHttpAdapter().getInstance().ready();
      const viaProxy = (client: string) =>
        proxied.inject({ method: 'GET', url: '/campaigns', remoteAddress: '192.0.2.10', headers: { 'x-forwarded-for': client } });
      for (let i = 0; i < 8; i++) expect((await viaProxy(`198.51.100.${50 + i}`)).statusCode).toBe(200);
      for (let i = 0; i < 4; i++) expect((await viaProxy('198.51.100.50')).statusCode).toBe(200);
      expectRateLimited(await viaProxy('198.51.100.50'), 60);
    } finally {
      await proxied.close();
    }
  });
});

describe('rate limits when Redis does not answer', () => {
  it('lets requests through after half a second instead of failing them or waiting for Redis', async () => {
    // A Redis that accepts connections and never answers: the worst case, a hung server.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening));
    const storage = new RedisRateLimitStorage({
      REDIS_URL: `redis://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      QUEUE_PREFIX: 'silent',
    } as AppConfig);
    try {
      const started = Date.now();
      expect(await storage.increment('k', 60_000, 1, 60_000, 'default')).toMatchObject({ isBlocked: false });
      expect(await storage.increment('k', 60_000, 1, 60_000, 'default')).toMatchObject({ isBlocked: false });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      storage.onApplicationShutdown();
      for (const socket of sockets) socket.destroy();
      await new Promise((closed) => silent.close(closed));
    }
  });
});

describe('rate limits of a busy client, counted in leases', () => {
  const prefix = `lease-${process.pid}-${Date.now()}`;
  const config = { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix } as AppConfig;
  /** Two processes' storages on one Redis and prefix. */
  const storages = [new RedisRateLimitStorage(config), new RedisRateLimitStorage(config)];
  const askedRedis = storages.map((storage) => jest.spyOn(storage as unknown as { takeLease: () => unknown }, 'takeLease'));

  afterAll(async () => {
    for (const storage of storages) storage.onApplicationShutdown();
    const redis = new Redis(config.REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  it('lets exactly the limit through across two processes, asking Redis far less than once a request', async () => {
    const limit = 1_000;
    const passed = [0, 0];
    const blocked = [false, false];
    // 64 requests at a time on each process until both refuse: whatever leases each took.
    while (!blocked[0] || !blocked[1]) {
      await Promise.all(
        storages.flatMap((storage, i) =>
          Array.from({ length: 64 }, async () => {
            const record = await storage.increment('busy-client', 60_000, limit, 60_000, 'default');
            if (record.isBlocked) blocked[i] = true;
            else passed[i]!++;
          }),
        ),
      );
    }
    expect(passed[0]! + passed[1]!).toBe(limit);
    expect(passed[0]).toBeGreaterThan(0);
    expect(passed[1]).toBeGreaterThan(0);
    const trips = askedRedis[0]!.mock.calls.length + askedRedis[1]!.mock.calls.length;
    expect(trips).toBeLessThan(limit / 4);
    // Refused from then on, by each process, without a new window.
    for (const storage of storages) {
      expect(await storage.increment('busy-client', 60_000, limit, 60_000, 'default')).toMatchObject({ isBlocked: true });
    }
  });

  it('asks Redis for every request when little of the limit is left', async () => {
    askedRedis.forEach((spy) => spy.mockClear());
    const outcomes: boolean[] = [];
    for (let i = 0; i < 12; i++)
      outcomes.push((await storages[i % 2]!.increment('careful-client', 60_000, 10, 60_000, 'default')).isBlocked);
    expect(outcomes).toEqual([false, false, false, false, false, false, false, false, false, false, true, true]);
    expect(askedRedis[0]!.mock.calls.length + askedRedis[1]!.mock.calls.length).toBe(12);
  });
});
