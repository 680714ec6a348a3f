import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, useIsolatedEnv } from '@goodpay/platform';
import { type BadInputApi, startBadInputApi } from './support/bad-input-api';
import { operationsOf, urlOf } from './support/openapi-operations';

const env = useIsolatedEnv('badtokens');

const now = () => Math.floor(Date.now() / 1000);
const DAY = 24 * 3600;

/**
 * Tokens signed with the api's own secret, so only the claims are wrong: what a careless
 * identity provider, a leaked signing tool or an old token could present. Each names staff.
 */
const FORGED_CLAIMS: [string, () => Record<string, unknown>][] = [
  ['a token that lives 30 days', () => ({ sub: 'staff-1', iat: now(), exp: now() + 30 * DAY })],
  ['a token issued tomorrow', () => ({ sub: 'staff-1', iat: now() + DAY, exp: now() + DAY + 3600 })],
  ['a token without iat', () => ({ sub: 'staff-1', exp: now() + 3600 })],
  ['an empty subject', () => ({ sub: '', iat: now(), exp: now() + 3600 })],
  ['a 10,000-character subject', () => ({ sub: 's'.repeat(10_000), iat: now(), exp: now() + 3600 })],
  ['a subject with a newline', () => ({ sub: 'staff\n1', iat: now(), exp: now() + 3600 })],
  ['a subject in HTML', () => ({ sub: '<img src=x onerror=alert(1)>', iat: now(), exp: now() + 3600 })],
];

/**
 * Every route that takes a bearer token refuses, with 401 problem+json `unauthenticated` and
 * no event written, a token without `exp` (which would live forever), and one of the other
 * forged tokens above in turn (each kind lands on a dozen routes or more).
 */
describe('bad input: every authenticated route refuses tokens without exp, with too long a life or a bad subject', () => {
  let api: BadInputApi;
  let sign: (claims: Record<string, unknown>) => string;

  beforeAll(async () => {
    api = await startBadInputApi(env);
    const secret = api.app.get(AppConfig).AUTH_JWT_SECRET;
    sign = (claims) =>
      new JwtService().sign({ role: 'staff', iss: 'goodpay', ...claims }, { secret, algorithm: 'HS256', noTimestamp: !('iat' in claims) });
  }, 60_000);

  afterAll(() => api?.close());

  it('the forged tokens are well signed: the same claims with iat and exp are accepted', async () => {
    const good = sign({ sub: 'staff-1', iat: now(), exp: now() + 3600 });
    expect(
      (await api.app.inject({ method: 'GET', url: '/raffle/certifications/pending', headers: { authorization: `Bearer ${good}` } }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses them on every route', async () => {
    const operations = operationsOf(api.document).filter((operation) => operation.secured);
    expect(operations.length).toBeGreaterThan(30);
    const eventsBefore = await api.eventCount();
    const failures: string[] = [];
    let turn = 0;
    for (const operation of operations) {
      const path = Object.fromEntries(
        operation.pathParams.map((p) => [p.name, p.schema.type === 'number' || p.schema.type === 'integer' ? '1' : randomUUID()]),
      );
      const [otherDefect, otherClaims] = FORGED_CLAIMS[turn++ % FORGED_CLAIMS.length]!;
      const attacks: [string, string][] = [
        ['a token without exp', sign({ sub: 'staff-1', iat: now() })],
        [otherDefect, sign(otherClaims())],
      ];
      for (const [defect, token] of attacks) {
        const response = await api.app.inject({
          method: operation.method as 'GET',
          url: urlOf(operation, path),
          headers: {
            authorization: `Bearer ${token}`,
            'idempotency-key': `bad-token-${randomUUID()}`,
            ...(operation.body ? { 'content-type': 'application/json' } : {}),
          },
          ...(operation.body ? { payload: '{}' } : {}),
        });
        const body = response.headers['content-type']?.toString().startsWith('application/problem+json') ? response.json() : response.body;
        if (response.statusCode !== 401 || body?.code !== 'unauthenticated') {
          failures.push(
            `${operation.method} ${operation.path} with ${defect}: ${response.statusCode} ${JSON.stringify(body).slice(0, 200)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await api.eventCount()).toBe(eventsBefore);
  });
});
