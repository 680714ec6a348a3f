import { createServer } from 'node:net';
import { ConflictError } from '@goodpay/shared';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { toProblem } from './problem';

const SERVER = process.env.DATABASE_URL?.replace(/\/[^/]*$/, '') ?? 'postgres://postgres@127.0.0.1:5432';
const context = { instance: '/x', correlationId: 'c-1' };

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The error `action` rejects with. */
async function errorOf(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

const expectRetryLater = (error: unknown) => {
  const rendered = toProblem(error, context);
  expect(rendered.problem).toMatchObject({ status: 503, code: 'temporarily_unavailable' });
  expect(rendered.headers).toEqual({ 'retry-after': expect.stringMatching(/^\d+$/) });
  expect(rendered.problem.detail).not.toMatch(/ECONN|terminat|127\.0\.0\.1/); // no internals
};

/** Real errors of real clients: what pg, TypeORM and ioredis throw when their server is gone. */
describe('a transient PostgreSQL or Redis failure is 503 with Retry-After', () => {
  it('PostgreSQL on a closed port (ECONNREFUSED)', async () => {
    const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/x` });
    expectRetryLater(await errorOf(() => client.connect()));
  });

  it('a connection terminated mid-query (57P01), and the same client afterwards', async () => {
    const victim = new Client({ connectionString: `${SERVER}/postgres` });
    const admin = new Client({ connectionString: `${SERVER}/postgres` });
    await Promise.all([victim.connect(), admin.connect()]);
    victim.on('error', () => undefined); // the cut is also emitted on the client
    try {
      const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const sleeping = errorOf(() => victim.query('SELECT pg_sleep(10)'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const cut = await sleeping;
      expect(cut).toMatchObject({ code: '57P01' });
      expectRetryLater(cut);
      // TypeORM wraps the driver's error
      expectRetryLater(new QueryFailedError('SELECT pg_sleep(10)', [], cut as Error));
      expectRetryLater(await errorOf(() => victim.query('SELECT 1'))); // "not queryable"
    } finally {
      await admin.end();
      await victim.end().catch(() => undefined);
    }
  });

  it('Redis on a closed port (MaxRetriesPerRequestError) and a closed Redis connection', async () => {
    const redis = new Redis({ port: await closedPort(), host: '127.0.0.1', maxRetriesPerRequest: 1, retryStrategy: () => 10 });
    redis.on('error', () => undefined);
    try {
      expectRetryLater(await errorOf(() => redis.get('x')));
    } finally {
      redis.disconnect();
    }
    const closed = new Redis({ lazyConnect: true, enableOfflineQueue: false });
    await closed.connect();
    await closed.quit();
    expectRetryLater(await errorOf(() => closed.get('x')));
  });

  it('other errors keep their answer: a domain refusal, a bug, a constraint violation', () => {
    const conflict = toProblem(new ConflictError('taken', 'taken'), context);
    expect([conflict.problem.status, conflict.headers]).toEqual([409, undefined]);
    const bug = toProblem(new Error('boom'), context);
    expect([bug.problem.status, bug.headers]).toEqual([500, undefined]);
    const unique = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    expect(toProblem(new QueryFailedError('INSERT', [], unique), context).problem.status).toBe(500);
  });
});
