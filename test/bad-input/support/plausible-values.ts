import fc from 'fast-check';
import { type OpenApiDocument, resolve, type SchemaObject } from './openapi-operations';

/**
 * Values shaped like `schema` asks (right types, enums, uuids, the documented examples): the
 * base a bad request is made from, so that it fails for the one defect put into it, not by luck.
 */
export function plausible(document: OpenApiDocument, raw: SchemaObject | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.properties || schema.type === 'object') {
    if (depth > 4) return fc.constant({});
    const properties = Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([name, property]) => [name, plausible(document, property, depth + 1)]),
    );
    return fc.record(properties, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
  }
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return fc.uuid({ version: 4 });
      if (schema.format === 'date-time') return fc.constant(new Date().toISOString());
      if (typeof schema.example === 'string') return fc.constant(schema.example);
      return fc.string({ minLength: 1, maxLength: 20 });
    case 'number':
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 1, max: schema.maximum ?? 1_000_000 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(plausible(document, schema.items, depth + 1), { minLength: 1, maxLength: 3 });
    default:
      return fc.constant('x');
  }
}

/** Numbers no amount, count or page may be: negative, zero, fractional, past safe integers, absurd. */
export const extremeNumber = fc.constantFrom(-1, 0, -0, 0.5, -100_000, Number.MAX_SAFE_INTEGER + 2, 1e21, -1e21, 1e308, Number.MIN_VALUE);

/** A JSON value of another type than `schema` declares (null only where the field is required). */
export function wrongTypeFor(document: OpenApiDocument, raw: SchemaObject, required: boolean): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const candidates: fc.Arbitrary<unknown>[] = [fc.constant(true), fc.constant({ nested: 'object' }), fc.constant([1, 'two'])];
  const type = schema.properties ? 'object' : schema.type;
  if (type !== 'string' || schema.enum) candidates.push(fc.string({ maxLength: 12 }).map((s) => `not-${s}`));
  if (type !== 'number' && type !== 'integer') candidates.push(fc.oneof(fc.integer(), extremeNumber));
  if (type === 'number' || type === 'integer') candidates.push(fc.constant('100000'), fc.constant('1e3'));
  if (type === 'array') candidates.splice(2, 1);
  if (type === 'object') candidates.splice(1, 1);
  if (required) candidates.push(fc.constant(null));
  return fc.oneof(...candidates);
}
