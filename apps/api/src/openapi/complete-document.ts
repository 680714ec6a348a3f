import type { OpenAPIObject } from '@nestjs/swagger';

type SchemaObject = Record<string, unknown>;
type ResponseObject = { description: string; content?: Record<string, { schema: SchemaObject }> };
import { PROBLEM_CONTENT_TYPE } from '../errors/problem';
import { PROBLEM_CODES_EXTENSION } from './answers';

export const PROBLEM_SCHEMA = 'Problem';
export const PROBLEM_MEDIA_TYPE = PROBLEM_CONTENT_TYPE.split(';')[0] as string;

/** RFC 9457 problem details as every error answer carries them (errors/problem.ts). */
const PROBLEM: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details with a stable `code`; some codes add fields (errors, checks, retryAfterSeconds).',
  required: ['type', 'title', 'status', 'detail', 'code', 'instance', 'correlationId'],
  properties: {
    type: { type: 'string', example: 'https://goodpay.kr/problems/prepayment_not_found' },
    title: { type: 'string', example: 'Not Found' },
    status: { type: 'integer', example: 404 },
    detail: { type: 'string', example: 'prepayment 0b7e… was not found' },
    code: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', description: 'stable, machine-readable; clients branch on it' },
    instance: { type: 'string', example: '/prepayments/0b7e…' },
    correlationId: { type: 'string', description: 'the X-Correlation-Id of the request, for support' },
  },
  additionalProperties: true,
};

/** What any route can answer, whatever it does: a request the edge refuses, rate limits, a brief outage. */
const EVERY_OPERATION: Record<string, string[]> = {
  400: ['bad_request', 'bad_url', 'invalid_characters'],
  429: ['rate_limited'],
  503: ['temporarily_unavailable'],
};
/** What a route that reads a body (POST, PUT, PATCH: the parsers run before the route) can answer besides. */
const WITH_BODY: Record<string, string[]> = {
  400: ['malformed_json', 'invalid_content_length', 'json_too_deep', 'validation_failed'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type'],
};
const WITH_PARAMETERS: Record<string, string[]> = { 400: ['validation_failed'], 414: ['uri_too_long'] };
/** A read that takes `?after=<position>` waits for its view, and says so when it cannot catch up in time. */
const READ_AFTER: Record<string, string[]> = { 503: ['projection_not_ready'] };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function merge(into: Record<string, string[]>, codes: Record<string, readonly string[]> | undefined): void {
  for (const [status, list] of Object.entries(codes ?? {}))
    if (list.length > 0) into[status] = [...new Set([...(into[status] ?? []), ...list])];
}

function problemAnswer(status: string, codes: string[]): ResponseObject {
  return {
    description: `problem+json: ${codes.map((code) => `\`${code}\``).join(', ')}`,
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: {
          allOf: [
            { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` },
            { type: 'object', properties: { status: { type: 'integer', enum: [Number(status)] }, code: { type: 'string', enum: codes } } },
          ],
        },
      },
    },
  };
}

/**
 * What @nestjs/swagger leaves out, made from what the routes declare: the shared Problem
 * schema, and on every operation each error status it can answer, with the codes it lists
 * (x-problem-codes, from @Problems and the decorators that imply codes) and the ones every
 * route of its kind can answer (a body, parameters).
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, [PROBLEM_SCHEMA]: PROBLEM } };
  nullInNullableEnums(document.components);
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const codes: Record<string, string[]> = {};
      merge(codes, EVERY_OPERATION);
      if (operation.requestBody || method === 'post' || method === 'put' || method === 'patch' || method === 'delete')
        merge(codes, WITH_BODY);
      if ((operation.parameters as { in: string }[] | undefined)?.some((p) => p.in === 'path' || p.in === 'query'))
        merge(codes, WITH_PARAMETERS);
      if ((operation.parameters as { in: string; name: string }[] | undefined)?.some((p) => p.in === 'query' && p.name === 'after'))
        merge(codes, READ_AFTER);
      const declared = operation as unknown as Record<string, Record<string, string[]> | undefined>;
      merge(codes, declared[PROBLEM_CODES_EXTENSION]);
      const sorted = Object.fromEntries(Object.entries(codes).sort(([a], [b]) => Number(a) - Number(b)));
      declared[PROBLEM_CODES_EXTENSION] = sorted;
      for (const status of Object.keys(operation.responses)) if (Number(status) >= 400) delete operation.responses[status];
      for (const [status, list] of Object.entries(sorted)) operation.responses[status] = problemAnswer(status, list.sort());
    }
  }
  return document;
}

/** OpenAPI 3.0.3: a nullable enum allows null only when null is one of its values. */
function nullInNullableEnums(schema: unknown): void {
  if (Array.isArray(schema)) return schema.forEach(nullInNullableEnums);
  if (!schema || typeof schema !== 'object') return;
  const object = schema as { nullable?: boolean; enum?: unknown[] };
  if (object.nullable === true && Array.isArray(object.enum) && !object.enum.includes(null)) object.enum = [...object.enum, null];
  Object.values(schema).forEach(nullInNullableEnums);
}
