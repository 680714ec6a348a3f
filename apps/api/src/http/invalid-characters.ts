import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { InvalidInputError } from '@goodpay/shared';
import { answerWithProblem } from '../errors/problem.filter';

/**
 * NUL and lone UTF-16 surrogates: no text column or JSON value of PostgreSQL can hold them (a
 * query with one fails), and no real name, code or note has them. Refused at the edge, in
 * every string a request carries, so they never reach a query.
 */
const INVALID_CHARACTER = /[\0\p{Cs}]/u;

export class InvalidCharactersError extends InvalidInputError {
  constructor(field: string) {
    super(`${field} holds a NUL character or a lone surrogate, which no text may contain`, { field }, 'invalid_characters');
  }
}

const fieldName = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);

/**
 * Where in `value` (a dotted path under `at`, keys included) the first string with an invalid
 * character is, or null. `value` must be of bounded depth (a parsed body is, see json-body.ts).
 */
export function findInvalidCharacters(value: unknown, at: string): string | null {
  if (typeof value === 'string') return INVALID_CHARACTER.test(value) ? at : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findInvalidCharacters(value[i], fieldName(at, String(i)));
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (INVALID_CHARACTER.test(key)) return fieldName(at, '(a key)');
      const found = findInvalidCharacters(item, fieldName(at, key));
      if (found) return found;
    }
  }
  return null;
}

/** Throws InvalidCharactersError when `value` holds an invalid character. */
export function refuseInvalidCharacters(value: unknown, at: string): void {
  const found = findInvalidCharacters(value, at);
  if (found) throw new InvalidCharactersError(found);
}

/**
 * Checks the path parameters (decoded, as the route sees them), the query and the headers of
 * every request before anything else reads them; JSON bodies are checked by their parser,
 * receipt uploads' fields by their reader. Call before `init`.
 */
export function refuseInvalidCharactersAtTheEdge(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      try {
        refuseInvalidCharacters(request.params, 'path');
        refuseInvalidCharacters(request.query, 'query');
        refuseInvalidCharacters(request.headers, 'headers');
        return undefined;
      } catch (error) {
        return answerWithProblem(error, request, reply);
      }
    });
}
