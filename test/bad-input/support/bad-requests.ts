import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Role } from '@goodpay/shared';
import { type OpenApiDocument, type Operation, resolve, type SchemaObject, urlOf } from './openapi-operations';
import { extremeNumber, plausible, wrongTypeFor } from './plausible-values';

/** A request to send with app.inject, and what is wrong with it. */
export interface BadRequest {
  defect: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** Tokens a client might send: each role's valid token, and ones the api must refuse. */
export interface Tokens {
  byRole: Record<Role, string>;
  /** Malformed, wrongly signed, unsigned, naming no known role. */
  invalid: string[];
}

export const BODY_LIMIT = 1024 * 1024;

/** Bodies that are not JSON, or JSON the parser must refuse (prototype pollution). */
const BROKEN_JSON = [
  '{',
  '{"amount": 1',
  '[1, 2',
  'nul',
  "{'single': 'quotes'}",
  '{"a": 1,}',
  '{"__proto__": {"isAdmin": true}}',
  '{"constructor": {"prototype": {"isAdmin": true}}}',
  '\u0000',
];

/** Percent-escapes no URL decoder accepts, put into the path as they are. */
const MALFORMED_ESCAPES = ['%', '%E0%A4%A', '%zz'];

const BAD_PATH_VALUES = [
  'not-a-uuid',
  '../../admin',
  '%00',
  "1' OR '1'='1",
  '-1',
  '1e400',
  '99999999999999999999',
  '홍길동',
  'x'.repeat(300),
];

/** What a parameter is documented as constraining: only those can be given a certainly wrong value. */
function badQueryValues(schema: SchemaObject): string[] {
  if (schema.enum?.length) return ['not-an-option', ''];
  if (schema.format === 'uuid') return ['not-a-uuid', '123'];
  if (schema.type === 'number' || schema.type === 'integer') {
    return ['abc', '1.5', '-5', ...(schema.maximum !== undefined ? [String(schema.maximum + 1)] : []), '1e400'];
  }
  if (typeof schema.example === 'string' && /^\d+$/.test(schema.example)) return ['abc', '-1', '1.5', '1'.repeat(25), '9'.repeat(19)]; // the last is past bigint
  if (typeof schema.example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(schema.example)) return ['2025-02-30', 'yesterday', '2025-13-01'];
  return [];
}

/** A path value that names nothing: a fresh UUID for ids, a small number for numbers, an unused code. */
const unknownPathValue = (schema: SchemaObject): fc.Arbitrary<string> =>
  schema.type === 'number' || schema.type === 'integer'
    ? fc.integer({ min: 1, max: 9 }).map(String)
    : fc.constant(null).map(() => randomUUID());

const headersFor = (token: string | undefined, withBody: boolean): Record<string, string> => ({
  ...(withBody ? { 'content-type': 'application/json' } : {}),
  ...(token ? { authorization: `Bearer ${token}` } : {}),
  'idempotency-key': `bad-input-${randomUUID()}`,
});

/** Replaces every number in `value` by an extreme one, some of the time. */
function withExtremes(value: unknown, extremes: number[]): unknown {
  if (typeof value === 'number') return extremes.length ? extremes[Math.abs(Math.trunc(value)) % extremes.length] : value;
  if (Array.isArray(value)) return value.map((item) => withExtremes(item, extremes));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withExtremes(item, extremes)]));
  }
  return value;
}

/**
 * Every kind of bad request that applies to `operation`, each wrong for certain: whatever the
 * route does, the answer must be a 4xx. A request valid apart from huge or negative numbers is
 * only made on ids that name nothing, so it cannot succeed either.
 */
export function badRequestsFor(document: OpenApiDocument, operation: Operation, tokens: Tokens): fc.Arbitrary<BadRequest> | null {
  const anyToken = fc.constantFrom(...Object.values(tokens.byRole));
  const unknownPath = fc.record(
    Object.fromEntries(operation.pathParams.map((p) => [p.name, unknownPathValue(p.schema)])) as Record<string, fc.Arbitrary<string>>,
  );
  const body = operation.body;
  const validBody = body ? plausible(document, body) : fc.constant(undefined);
  const request = (defect: string, url: string, token: string | undefined, payload?: unknown, raw?: string): BadRequest => {
    const text = raw ?? (payload === undefined ? undefined : JSON.stringify(payload));
    return { defect, method: operation.method, url, headers: headersFor(token, text !== undefined), payload: text };
  };
  const kinds: fc.Arbitrary<BadRequest>[] = [];

  if (operation.secured) {
    const noToken = fc
      .tuple(unknownPath, validBody)
      .map(([path, payload]) => request('no token', urlOf(operation, path), undefined, payload));
    const badToken = fc
      .tuple(unknownPath, validBody, fc.constantFrom(...tokens.invalid))
      .map(([path, payload, token]) => request(`invalid token ${token.slice(0, 24)}`, urlOf(operation, path), token, payload));
    kinds.push(badToken);
    if (operation.tokenRequired) kinds.push(noToken);
  }

  if (body) {
    const properties = Object.entries(resolve(document, body).properties ?? {});
    const required = new Set(resolve(document, body).required ?? []);
    const defects: fc.Arbitrary<[string, (value: Record<string, unknown>) => unknown]>[] = [
      fc
        .constantFrom('isAdmin', 'role', 'balance', 'status', '$where')
        .map((field) => [`unknown field ${field}`, (value) => ({ ...value, [field]: true })]),
      fc.constantFrom<unknown>([], [{}], 42, 'text', null, true).map((other) => [`body is ${JSON.stringify(other)}`, () => other]),
    ];
    if (properties.length > 0) {
      defects.push(
        fc
          .constantFrom(...properties)
          .chain(([name, schema]) =>
            wrongTypeFor(document, schema, required.has(name)).map((wrong): [string, (value: Record<string, unknown>) => unknown] => [
              `${name} = ${JSON.stringify(wrong)}`,
              (value) => ({ ...value, [name]: wrong }),
            ]),
          ),
      );
    }
    if (required.size > 0) {
      defects.push(
        fc
          .constantFrom(...required)
          .map((name): [string, (value: Record<string, unknown>) => unknown] => [
            `without ${name}`,
            (value) => Object.fromEntries(Object.entries(value).filter(([key]) => key !== name)),
          ]),
      );
    }
    const bodyDefect = fc
      .tuple(unknownPath, validBody, fc.oneof(...defects), fc.array(extremeNumber, { maxLength: 2 }), anyToken)
      .map(([path, payload, [defect, apply], extremes, token]) =>
        request(`body: ${defect}`, urlOf(operation, path), token, apply(withExtremes(payload, extremes) as Record<string, unknown>)),
      );
    const brokenJson = fc
      .tuple(unknownPath, fc.constantFrom(...BROKEN_JSON), anyToken)
      .map(([path, raw, token]) => request(`broken JSON ${JSON.stringify(raw)}`, urlOf(operation, path), token, undefined, raw));
    const oversized = fc
      .tuple(unknownPath, anyToken)
      .map(([path, token]) =>
        request('oversized body', urlOf(operation, path), token, undefined, JSON.stringify({ filler: 'x'.repeat(BODY_LIMIT) })),
      );
    kinds.push(bodyDefect, brokenJson, oversized);
  }

  if (operation.pathParams.length > 0) {
    const badPath = fc
      .tuple(unknownPath, fc.constantFrom(...operation.pathParams), fc.constantFrom(...BAD_PATH_VALUES), validBody, anyToken)
      .map(([path, param, value, payload, token]) =>
        request(`path ${param.name} = ${value.slice(0, 30)}`, urlOf(operation, { ...path, [param.name]: value }), token, payload),
      );
    const malformedUrl = fc
      .tuple(unknownPath, fc.constantFrom(...operation.pathParams), fc.constantFrom(...MALFORMED_ESCAPES), anyToken)
      .map(([path, param, escape, token]) =>
        request(
          `malformed escape ${escape} in ${param.name}`,
          urlOf(operation, { ...path, [param.name]: 'ESCAPE' }).replace('ESCAPE', escape),
          token,
        ),
      );
    kinds.push(badPath, malformedUrl);
  }

  // A command valid in shape, its numbers pushed to the extremes, on things that do not exist:
  // still refused. (Reads are left out: reading something empty may rightly be a 200.)
  if (operation.pathParams.length > 0 && operation.method !== 'GET') {
    const extremesOnNothing = fc
      .tuple(unknownPath, validBody, fc.array(extremeNumber, { minLength: 1, maxLength: 3 }), anyToken)
      .map(([path, payload, extremes, token]) =>
        request(`extremes on unknown ids ${JSON.stringify(extremes)}`, urlOf(operation, path), token, withExtremes(payload, extremes)),
      );
    kinds.push(extremesOnNothing);
  }

  const constrained = operation.queryParams.filter((p) => badQueryValues(p.schema).length > 0);
  if (constrained.length > 0) {
    const badQuery = fc
      .tuple(
        unknownPath,
        fc.constantFrom(...constrained).chain((p) => fc.constantFrom(...badQueryValues(p.schema)).map((value) => [p.name, value] as const)),
        validBody,
        anyToken,
      )
      .map(([path, [name, value], payload, token]) =>
        request(`query ${name}=${value.slice(0, 30)}`, urlOf(operation, path, { [name]: value }), token, payload),
      );
    kinds.push(badQuery);
  }
  // A public route with no body and no parameters (GET /health) has no input to get wrong.
  return kinds.length > 0 ? fc.oneof(...kinds) : null;
}

/**
 * Every listed bad path and query value once, with a staff token (the role most routes let
 * furthest in): the boundaries the random runs might not happen to pick.
 */
export function boundaryRequestsFor(operation: Operation, tokens: Tokens): BadRequest[] {
  const unknown = Object.fromEntries(operation.pathParams.map((p) => [p.name, p.schema.type === 'number' ? '1' : randomUUID()]));
  const request = (defect: string, url: string): BadRequest => ({
    defect,
    method: operation.method,
    url,
    headers: headersFor(tokens.byRole.staff, false),
  });
  return [
    ...operation.pathParams.flatMap((param) => [
      ...BAD_PATH_VALUES.map((value) =>
        request(`path ${param.name} = ${value.slice(0, 30)}`, urlOf(operation, { ...unknown, [param.name]: value })),
      ),
      ...MALFORMED_ESCAPES.map((escape) =>
        request(
          `malformed escape ${escape} in ${param.name}`,
          urlOf(operation, { ...unknown, [param.name]: 'ESCAPE' }).replace('ESCAPE', escape),
        ),
      ),
    ]),
    ...operation.queryParams.flatMap((param) =>
      badQueryValues(param.schema).map((value) =>
        request(`query ${param.name}=${value.slice(0, 30)}`, urlOf(operation, unknown, { [param.name]: value })),
      ),
    ),
  ];
}
