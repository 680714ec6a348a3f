import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DEV_NOTIFICATION_RECEIPT_SECRET, useIsolatedEnv } from '@goodpay/platform';
import { ROLES, type Role } from '@goodpay/shared';
import { ApiModule } from '../../apps/api/src/api.module';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { BOARD_SPELLINGS } from './support/admin-paths';
import { type OpenApiDocument, type Operation, operationsOf, urlOf } from './support/openapi-operations';

const env = useIsolatedEnv('edge');

const STABLE_CODE = /^[a-z][a-z0-9_]*$/;
/** Just under the default route body limit (64 KiB), so the depth check, not the size, refuses it. */
const DEEP_WITHIN_LIMIT = 60_000;
/** Just over the largest route body limit (1 MiB). */
const DEEP_OVER_LIMIT = 1024 * 1024 + 1;

interface Caller {
  name: string;
  headers: Record<string, string>;
}

interface Attack {
  defect: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

interface Answer {
  status: number;
  code: string;
}

/**
 * Attacks on the api's HTTP edge, on every route of its OpenAPI document: the Bull Board under
 * other spellings of its path, JSON nested a million deep (within and over the body limits).
 * Each is answered with a 4xx problem+json with a stable code, never a 5xx, and writes no
 * event; and the caller who passes a route's authentication gets the specific refusal
 * (json_too_deep, payload_too_large), the others a 401 or 403 before their body is read.
 */
describe('bad input at the edge: encoded admin paths, deep JSON', () => {
  let app: NestFastifyApplication;
  let db: Client;
  let document: OpenApiDocument;
  let callers: Caller[];
  let staff: Caller;

  beforeAll(async () => {
    app = await createApiApp(ApiModule, { shutdownHooks: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    document = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
    const byRole = {} as Record<Role, Caller>;
    for (const role of ROLES) {
      const { token } = (await app.inject({ method: 'POST', url: '/dev/tokens', payload: { subject: `edge-${role}`, role } })).json();
      byRole[role] = { name: role, headers: { authorization: `Bearer ${token}` } };
    }
    staff = byRole.staff;
    callers = [
      { name: 'no token', headers: {} },
      { name: 'a bad token', headers: { authorization: 'Bearer not.a.token' } },
      ...Object.values(byRole),
      { name: 'a message provider', headers: { 'x-receipt-secret': DEV_NOTIFICATION_RECEIPT_SECRET } },
    ];
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await app?.close();
    await env.cleanup();
  });

  const eventCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);

  /** Sends `attack`; returns its answer, or what is wrong with it (a 5xx, no problem+json, events written). */
  async function judge(attack: Attack, eventsBefore: number): Promise<Answer | string> {
    const response = await app.inject({ method: attack.method as 'GET', url: attack.url, headers: attack.headers, payload: attack.payload });
    let body: { code?: unknown } | undefined;
    try {
      body = response.json();
    } catch {
      body = undefined;
    }
    const problems: string[] = [];
    if (response.statusCode < 400 || response.statusCode >= 500) problems.push(`status ${response.statusCode}`);
    if (!String(response.headers['content-type']).startsWith('application/problem+json')) problems.push(`content-type ${response.headers['content-type']}`);
    if (!STABLE_CODE.test(String(body?.code))) problems.push(`code ${JSON.stringify(body?.code)}`);
    const eventsAfter = await eventCount();
    if (eventsAfter !== eventsBefore) problems.push(`events ${eventsBefore} -> ${eventsAfter}`);
    if (problems.length > 0) return `${problems.join(', ')} for ${attack.method} ${attack.url} [${attack.defect}] -> ${response.body.slice(0, 300)}`;
    return { status: response.statusCode, code: String(body?.code) };
  }

  /** A path that names nothing: a fresh UUID (or a small number) for every path parameter. */
  const unknownPath = (operation: Operation, override: Record<string, string> = {}): string =>
    urlOf(operation, {
      ...Object.fromEntries(operation.pathParams.map((p) => [p.name, p.schema.type === 'number' || p.schema.type === 'integer' ? '1' : randomUUID()])),
      ...override,
    });

  const headersOf = (caller: Caller, withJson: boolean): Record<string, string> => ({
    ...caller.headers,
    ...(withJson ? { 'content-type': 'application/json' } : {}),
    'idempotency-key': `edge-${randomUUID()}`,
  });

  const commands = () => operationsOf(document).filter((o) => o.method !== 'GET');

  it('finds the routes, and the board is mounted for staff', async () => {
    expect(commands().length).toBeGreaterThan(20);
    expect((await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: staff.headers })).statusCode).toBe(200);
  });

  it('keeps the Bull Board from everyone but staff, however its path is spelt', async () => {
    const failures: string[] = [];
    const eventsAtStart = await eventCount();
    for (const caller of callers.filter((c) => c !== staff)) {
      for (const { method, url } of BOARD_SPELLINGS) {
        const answer = await judge({ defect: `board as ${caller.name}`, method, url, headers: caller.headers }, eventsAtStart);
        if (typeof answer === 'string') failures.push(answer);
        else if (![400, 401, 403, 404].includes(answer.status)) failures.push(`${caller.name}: ${method} ${url} -> ${answer.status} ${answer.code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  /**
   * Every command route, every caller, bodies nested deep: 60 KB of `[`, open or closed, an
   * object 40 deep, 1 MiB of `[`. Those who pass the route's authentication get json_too_deep or
   * payload_too_large; no one gets a 5xx.
   */
  it('refuses deeply nested JSON on every route before parsing it', async () => {
    const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const half = DEEP_WITHIN_LIMIT / 2;
    const bodies: [string, string, string[]][] = [
      ['60 KB of [', '['.repeat(DEEP_WITHIN_LIMIT), ['json_too_deep']],
      ['arrays 30,000 deep, closed', `${'['.repeat(half)}${']'.repeat(half)}`, ['json_too_deep']],
      ['an object 30,000 deep in a field', `{"a":${'['.repeat(half - 10)}${']'.repeat(half - 10)}}`, ['json_too_deep']],
      ['an object 40 deep', nested(40), ['json_too_deep']],
      ['1 MiB of [', '['.repeat(DEEP_OVER_LIMIT), ['payload_too_large']],
    ];
    const failures: string[] = [];
    for (const operation of commands()) {
      const eventsAtStart = await eventCount();
      for (const [defect, payload, expected] of bodies) {
        const codes = new Set<string>();
        for (const caller of callers) {
          const answer = await judge({ defect, method: operation.method, url: unknownPath(operation), headers: headersOf(caller, true), payload }, eventsAtStart);
          if (typeof answer === 'string') failures.push(answer);
          else codes.add(answer.code);
        }
        if (!expected.some((code) => codes.has(code))) failures.push(`${operation.method} ${operation.path} [${defect}]: no caller got ${expected} (${[...codes]})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('checks tokens and secrets before reading a body: an unauthenticated caller gets 401, never a body error', async () => {
    const failures: string[] = [];
    const eventsAtStart = await eventCount();
    const guarded = commands().filter((o) => o.tokenRequired || o.path === '/notifications/delivery-receipts');
    expect(guarded.length).toBeGreaterThan(20);
    for (const operation of guarded) {
      for (const caller of callers.filter((c) => c.name === 'no token' || c.name === 'a bad token')) {
        for (const payload of ['{', '['.repeat(DEEP_OVER_LIMIT)]) {
          const answer = await judge({ defect: 'unauthenticated', method: operation.method, url: unknownPath(operation), headers: headersOf(caller, true), payload }, eventsAtStart);
          if (typeof answer === 'string') failures.push(answer);
          else if (answer.code !== 'unauthenticated') failures.push(`${operation.method} ${operation.path} as ${caller.name}: ${answer.status} ${answer.code}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
