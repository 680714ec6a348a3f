import { randomUUID } from 'node:crypto';
import { DEV_NOTIFICATION_RECEIPT_SECRET, useIsolatedEnv } from '@goodpay/platform';
import { ROLES, type Role } from '@goodpay/shared';
import { type BadInputApi, startBadInputApi } from './support/bad-input-api';
import { operationsOf, urlOf } from './support/openapi-operations';

const env = useIsolatedEnv('ratelimits');
process.env.RATE_LIMIT_DEFAULT = '1/1m'; // one request per client: the second one must be refused

/** Probes for orchestrators: never limited, or a busy minute would restart healthy processes. */
// The probes, and the gateway's signed webhooks (docs/security.md, rate limits).
const UNLIMITED = new Set(['GET /health', 'GET /ready', 'POST /payment-webhooks/portone']);

/**
 * No route is left out of the rate limit: from a client's second request on (each route is
 * tried from an address and a user of its own), every route answers 429 problem+json
 * `rate_limited` with Retry-After, and the event log stays as it was. A guarded route is tried
 * with a token of a role it lets in: a caller without one is refused (401/403) before the body
 * is read and before the limit is counted (docs/security.md).
 */
describe('bad input: every route refuses a client over its request budget', () => {
  let api: BadInputApi;

  beforeAll(async () => {
    api = await startBadInputApi(env);
  }, 60_000);
  afterAll(() => api?.close());

  it('answers 429 rate_limited with Retry-After on every route but the probes', async () => {
    const operations = operationsOf(api.document);
    expect(operations.length).toBeGreaterThan(30);
    const failures: string[] = [];
    let client = 0;
    for (const operation of operations) {
      client += 1;
      const path = Object.fromEntries(
        operation.pathParams.map((p) => [p.name, p.schema.type === 'number' || p.schema.type === 'integer' ? '1' : randomUUID()]),
      );
      const send = (role: Role | null) =>
        api.app.inject({
          method: operation.method as 'GET',
          url: urlOf(operation, path),
          remoteAddress: `10.77.${client >> 8}.${client & 255}`,
          headers: {
            'idempotency-key': `rate-${randomUUID()}`,
            'x-receipt-secret': DEV_NOTIFICATION_RECEIPT_SECRET, // the providers' route checks it first
            ...(operation.body ? { 'content-type': 'application/json' } : {}),
            ...(role ? { authorization: `Bearer ${api.tokenFor(role, `rate-${client}-${role}`)}` } : {}),
          },
          ...(operation.body ? { payload: '{}' } : {}),
        });
      // The first caller the route lets past authentication: anonymous, or a role it names.
      let role: Role | null = null;
      for (const candidate of [null, ...ROLES]) {
        role = candidate;
        if (![401, 403].includes((await send(role)).statusCode)) break;
      }
      const eventsBeforeRefusal = await api.eventCount();
      const second = await send(role);
      const route = `${operation.method} ${operation.path}`;
      if ((await api.eventCount()) !== eventsBeforeRefusal) failures.push(`${route}: a refused request wrote events`);
      if (UNLIMITED.has(route)) {
        if (second.statusCode === 429) failures.push(`${route} is limited`);
        continue;
      }
      const body = String(second.headers['content-type']).startsWith('application/problem+json') ? second.json() : second.body;
      if (second.statusCode !== 429 || body?.code !== 'rate_limited' || !(Number(second.headers['retry-after']) >= 1)) {
        failures.push(`${route}: ${second.statusCode} retry-after ${second.headers['retry-after']} ${JSON.stringify(body).slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
