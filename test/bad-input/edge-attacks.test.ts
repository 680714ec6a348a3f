import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DEV_NOTIFICATION_RECEIPT_SECRET, useIsolatedEnv } from '@goodpay/platform';
import { ROLES, type Role } from '@goodpay/shared';
import { BOARD_SPELLINGS } from './support/admin-paths';
import { type BadInputApi, startBadInputApi } from './support/bad-input-api';
import { type Operation, operationsOf, urlOf } from './support/openapi-operations';
import { plausible } from './support/plausible-values';

const env = useIsolatedEnv('edge');

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
 * other spellings of its path, JSON nested a million deep (within and over the body limits),
 * NUL characters and lone surrogates in bodies, queries, paths and headers. Each is answered
 * with a 4xx problem+json with a stable code, never a 5xx, and writes no event; and the caller
 * who passes a route's authentication gets the specific refusal (json_too_deep,
 * payload_too_large, invalid_characters), the others a 401 or 403 before their body is read.
 */
describe('bad input at the edge: encoded admin paths, deep JSON, NUL and lone surrogates', () => {
  let api: BadInputApi;
  let callers: Caller[];
  let staff: Caller;

  beforeAll(async () => {
    api = await startBadInputApi(env);
    const byRole = {} as Record<Role, Caller>;
    for (const role of ROLES) byRole[role] = { name: role, headers: { authorization: `Bearer ${api.tokenFor(role, `edge-${role}`)}` } };
    staff = byRole.staff;
    callers = [
      { name: 'no token', headers: {} },
      { name: 'a bad token', headers: { authorization: 'Bearer not.a.token' } },
      ...Object.values(byRole),
      { name: 'a message provider', headers: { 'x-receipt-secret': DEV_NOTIFICATION_RECEIPT_SECRET } },
      {
        name: 'a payment gateway',
        headers: { 'webhook-id': 'msg_edge', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
      },
    ];
  }, 60_000);
  afterAll(() => api?.close());

  /** Sends `attack`; returns its answer, or what is wrong with it (a 5xx, no problem+json, events written). */
  async function judge(attack: Attack, eventsBefore: number): Promise<Answer | string> {
    const response = await api.app.inject({
      method: attack.method as 'GET',
      url: attack.url,
      headers: attack.headers,
      payload: attack.payload,
    });
    const { problems, body } = await api.refusalProblems(response, eventsBefore);
    if (problems.length > 0)
      return `${problems.join(', ')} for ${attack.method} ${attack.url} [${attack.defect}] -> ${response.body.slice(0, 300)}`;
    return { status: response.statusCode, code: String(body?.code) };
  }

  /** A path that names nothing: a fresh UUID (or a small number) for every path parameter. */
  const unknownPath = (operation: Operation, override: Record<string, string> = {}): string =>
    urlOf(operation, {
      ...Object.fromEntries(
        operation.pathParams.map((p) => [p.name, p.schema.type === 'number' || p.schema.type === 'integer' ? '1' : randomUUID()]),
      ),
      ...override,
    });

  const headersOf = (caller: Caller, withJson: boolean): Record<string, string> => ({
    ...caller.headers,
    ...(withJson ? { 'content-type': 'application/json' } : {}),
    'idempotency-key': `edge-${randomUUID()}`,
  });

  /** Every string in `value`, keys included, with `poison` put in the middle; and one more key holding it. */
  function poisoned(value: unknown, poison: string): unknown {
    if (typeof value === 'string') return `${value.slice(0, 1)}${poison}${value.slice(1)}`;
    if (Array.isArray(value)) return value.map((item) => poisoned(item, poison));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisoned(v, poison)]));
    return value;
  }

  const commands = () => operationsOf(api.document).filter((o) => o.method !== 'GET');

  it('finds the routes, and the board is mounted for staff', async () => {
    expect(commands().length).toBeGreaterThan(20);
    expect((await api.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: staff.headers })).statusCode).toBe(200);
  });

  it('keeps the Bull Board from everyone but staff, however its path is spelt', async () => {
    const failures: string[] = [];
    const eventsAtStart = await api.eventCount();
    for (const caller of callers.filter((c) => c !== staff)) {
      for (const { method, url } of BOARD_SPELLINGS) {
        const answer = await judge({ defect: `board as ${caller.name}`, method, url, headers: caller.headers }, eventsAtStart);
        if (typeof answer === 'string') failures.push(answer);
        else if (![400, 401, 403, 404].includes(answer.status))
          failures.push(`${caller.name}: ${method} ${url} -> ${answer.status} ${answer.code}`);
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
      const eventsAtStart = await api.eventCount();
      for (const [defect, payload, expected] of bodies) {
        const codes = new Set<string>();
        for (const caller of callers) {
          const answer = await judge(
            { defect, method: operation.method, url: unknownPath(operation), headers: headersOf(caller, true), payload },
            eventsAtStart,
          );
          if (typeof answer === 'string') failures.push(answer);
          else codes.add(answer.code);
        }
        if (!expected.some((code) => codes.has(code)))
          failures.push(`${operation.method} ${operation.path} [${defect}]: no caller got ${expected} (${[...codes]})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('checks tokens and secrets before reading a body: an unauthenticated caller gets 401, never a body error', async () => {
    const failures: string[] = [];
    const eventsAtStart = await api.eventCount();
    const guarded = commands().filter((o) => o.tokenRequired || o.path === '/notifications/delivery-receipts');
    expect(guarded.length).toBeGreaterThan(20);
    for (const operation of guarded) {
      for (const caller of callers.filter((c) => c.name === 'no token' || c.name === 'a bad token')) {
        for (const payload of ['{', '['.repeat(DEEP_OVER_LIMIT)]) {
          const answer = await judge(
            { defect: 'unauthenticated', method: operation.method, url: unknownPath(operation), headers: headersOf(caller, true), payload },
            eventsAtStart,
          );
          if (typeof answer === 'string') failures.push(answer);
          else if (answer.code !== 'unauthenticated')
            failures.push(`${operation.method} ${operation.path} as ${caller.name}: ${answer.status} ${answer.code}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  const POISONS: [string, string][] = [
    ['NUL', '\u0000'],
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', '\udfff'],
  ];

  it('refuses NUL and lone surrogates in any string of a JSON body, on every route', async () => {
    const failures: string[] = [];
    for (const operation of commands()) {
      const eventsAtStart = await api.eventCount();
      const [base] = fc.sample(operation.body ? plausible(api.document, operation.body) : fc.constant({}), { numRuns: 1, seed: 42 });
      for (const [defect, poison] of POISONS) {
        // JSON.stringify writes a lone surrogate as a \u escape: the parser makes it a string again.
        const payload = JSON.stringify({ ...(poisoned(base, poison) as object), [`note${poison}`]: `x${poison}` });
        const codes = new Set<string>();
        for (const caller of callers) {
          const answer = await judge(
            {
              defect: `body with ${defect}`,
              method: operation.method,
              url: unknownPath(operation),
              headers: headersOf(caller, true),
              payload,
            },
            eventsAtStart,
          );
          if (typeof answer === 'string') failures.push(answer);
          else codes.add(answer.code);
        }
        if (!codes.has('invalid_characters'))
          failures.push(`${operation.method} ${operation.path} [body with ${defect}]: no caller got invalid_characters (${[...codes]})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses NUL in the text fields of every multipart upload', async () => {
    const uploads = Object.entries(api.document.paths).flatMap(([path, operations]) =>
      Object.entries(operations as Record<string, { requestBody?: { content?: Record<string, unknown> } }>)
        .filter(([, operation]) => operation.requestBody?.content?.['multipart/form-data'])
        .map(([method]) => operationsOf(api.document).find((o) => o.path === path && o.method === method.toUpperCase()) as Operation),
    );
    expect(uploads.length).toBeGreaterThan(0);
    const boundary = `edge-${randomUUID()}`;
    const part = (name: string, value: string, file?: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\nContent-Type: image/jpeg` : ''}\r\n\r\n${value}\r\n`;
    const payload = `${part('shopName', 'Noodles\u0000')}${part('amount', '10000')}${part('photo', '\xff\xd8\xff\xe0 not really a photo', 'receipt.jpg')}--${boundary}--\r\n`;
    const failures: string[] = [];
    for (const operation of uploads) {
      const eventsAtStart = await api.eventCount();
      const codes = new Set<string>();
      for (const caller of callers) {
        const headers = { ...headersOf(caller, false), 'content-type': `multipart/form-data; boundary=${boundary}` };
        const answer = await judge(
          { defect: 'multipart field with NUL', method: operation.method, url: unknownPath(operation), headers, payload },
          eventsAtStart,
        );
        if (typeof answer === 'string') failures.push(answer);
        else codes.add(answer.code);
      }
      if (!codes.has('invalid_characters'))
        failures.push(`${operation.method} ${operation.path} [multipart field with NUL]: no caller got invalid_characters (${[...codes]})`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses NUL and lone surrogates in the path, the query and the headers of every route', async () => {
    const failures: string[] = [];
    for (const operation of operationsOf(api.document)) {
      const eventsAtStart = await api.eventCount();
      const attacks: Attack[] = [];
      const attack = (defect: string, url: string, extraHeaders: Record<string, string> = {}): Attack => ({
        defect,
        method: operation.method,
        url,
        headers: { ...headersOf(staff, false), ...extraHeaders },
      });
      for (const param of operation.pathParams) {
        attacks.push(attack(`path ${param.name} with NUL`, unknownPath(operation, { [param.name]: 'a\u0000b' })));
        attacks.push(attack(`path ${param.name} = %00`, unknownPath(operation, { [param.name]: 'ESCAPE' }).replace('ESCAPE', '%00')));
        // A surrogate has no UTF-8 form: its CESU-8 bytes are malformed percent-escapes.
        attacks.push(
          attack(
            `path ${param.name} with a surrogate's bytes`,
            unknownPath(operation, { [param.name]: 'ESCAPE' }).replace('ESCAPE', '%ED%A0%80'),
          ),
        );
      }
      // (In the query, a surrogate's malformed escapes stay literal text: `%ED%A0%80` is 9 characters.)
      for (const name of [...operation.queryParams.map((p) => p.name), 'x']) {
        attacks.push(attack(`query ${name} with NUL`, `${unknownPath(operation)}?${name}=a%00b`));
        attacks.push(attack(`query key with NUL`, `${unknownPath(operation)}?${name}%00=1`));
      }
      attacks.push(attack('Idempotency-Key with NUL', unknownPath(operation), { 'idempotency-key': 'edge-key-\u0000-12345678' }));
      attacks.push(attack('X-Correlation-Id with NUL', unknownPath(operation), { 'x-correlation-id': 'edge\u0000' }));
      for (const one of attacks) {
        const answer = await judge(one, eventsAtStart);
        if (typeof answer === 'string') failures.push(answer);
        else if (one.defect.includes('NUL') && answer.code !== 'invalid_characters') {
          failures.push(`${one.method} ${one.url} [${one.defect}] -> ${answer.status} ${answer.code}, not invalid_characters`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
