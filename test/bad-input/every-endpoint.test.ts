import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import fc from 'fast-check';
import { useIsolatedEnv } from '@goodpay/platform';
import { ROLES, type Role } from '@goodpay/shared';
import { type BadInputApi, startBadInputApi } from './support/bad-input-api';
import { type BadRequest, badRequestsFor, boundaryRequestsFor, type Tokens } from './support/bad-requests';
import { type Operation, operationsOf, urlOf } from './support/openapi-operations';

const env = useIsolatedEnv('badinput');

/** Generated requests per route; every kind of defect that applies to it shows up within these. */
const RUNS_PER_ROUTE = 15;

/**
 * Bad input against every route of the api, found in its own OpenAPI document (so a new route
 * is covered the day it is added): wrong types, huge and negative numbers, unknown and missing
 * fields, broken JSON, oversized bodies, bad path and query values, every role's token and
 * invalid ones, missing tokens. Each must be answered with a 4xx problem+json carrying a
 * stable code, never a 5xx, and must leave the event log as it was.
 */
describe('bad input: every endpoint refuses it with a 4xx problem+json and writes nothing', () => {
  let api: BadInputApi;
  let tokens: Tokens;

  beforeAll(async () => {
    api = await startBadInputApi(env);
    const byRole = Object.fromEntries(ROLES.map((role) => [role, api.tokenFor(role, `bad-input-${role}`)])) as Record<Role, string>;
    tokens = { byRole, invalid: invalidTokens() };
  }, 60_000);
  afterAll(() => api?.close());

  /** Tokens that must never authenticate anyone. */
  function invalidTokens(): string[] {
    const claims = { sub: 'intruder', role: 'staff', iss: 'goodpay' };
    const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return [
      'garbage',
      'a.b.c',
      new JwtService({ secret: 'not-the-secret-of-this-api-at-all-0123456789' }).sign(claims),
      api.app.get(JwtService, { strict: false }).sign({ sub: 'intruder', role: 'admin' }), // no such role
      `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`, // unsigned
    ];
  }

  /** What is wrong with the answer to `bad`, or null when it is a proper refusal. */
  async function judge(bad: BadRequest, eventsBefore: number): Promise<string | null> {
    const response = await api.app.inject({ method: bad.method as 'GET', url: bad.url, headers: bad.headers, payload: bad.payload });
    const { problems, body } = await api.refusalProblems(response, eventsBefore);
    if (problems.length === 0) return null;
    const sent = bad.payload && bad.payload.length > 300 ? `${bad.payload.slice(0, 300)}... (${bad.payload.length} bytes)` : bad.payload;
    return `${problems.join(', ')} for ${bad.method} ${bad.url} [${bad.defect}] body ${sent} -> ${JSON.stringify(body ?? response.body).slice(0, 400)}`;
  }

  it('finds the routes in the OpenAPI document', () => {
    const routes = operationsOf(api.document).map((o) => `${o.method} ${o.path}`);
    expect(routes).toEqual(
      expect.arrayContaining(['POST /prepayments', 'POST /prepayments/{id}/redemptions', 'POST /campaigns', 'POST /merchants']),
    );
  });

  it('refuses every generated bad request on every route', async () => {
    const failures: string[] = [];
    const tried: Operation[] = [];
    for (const operation of operationsOf(api.document)) {
      const badRequests = badRequestsFor(api.document, operation, tokens);
      if (!badRequests) continue;
      tried.push(operation);
      const eventsAtStart = await api.eventCount();
      const result = await fc.check(
        fc.asyncProperty(badRequests, async (bad) => {
          const wrong = await judge(bad, eventsAtStart);
          if (wrong) throw new Error(wrong);
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
      if (result.failed) failures.push(`${(result.errorInstance as Error)?.message ?? result.counterexample} (seed ${result.seed})`);
    }
    expect(tried.length).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });

  it('refuses every listed bad path and query value on every route', async () => {
    const failures: string[] = [];
    for (const operation of operationsOf(api.document)) {
      const eventsAtStart = await api.eventCount();
      for (const bad of boundaryRequestsFor(operation, tokens)) {
        const wrong = await judge(bad, eventsAtStart);
        if (wrong) failures.push(wrong);
      }
    }
    expect(failures).toEqual([]);
  });

  // The generated requests meet these only by chance (a null body once registered a citizen,
  // one run in four): every route that takes a JSON object is sent each other JSON value, as
  // every role, every time.
  it('refuses a body that is not a JSON object on every route that takes one, as every role', async () => {
    const failures: string[] = [];
    for (const operation of operationsOf(api.document).filter((o) => o.body)) {
      const url = urlOf(operation, Object.fromEntries(operation.pathParams.map((p) => [p.name, randomUUID()])));
      const eventsAtStart = await api.eventCount();
      for (const payload of ['null', '42', '"text"', 'true', '[]', '[{}]']) {
        for (const role of ROLES) {
          const headers = {
            authorization: `Bearer ${tokens.byRole[role]}`,
            'content-type': 'application/json',
            'idempotency-key': `not-an-object-${randomUUID()}`,
          };
          const wrong = await judge({ defect: `body is ${payload}`, method: operation.method, url, headers, payload }, eventsAtStart);
          if (wrong) failures.push(wrong);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
