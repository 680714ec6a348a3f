import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { InvalidInputError } from '@goodpay/shared';
import { refuseInvalidCharacters } from './invalid-characters';

/**
 * How deep a JSON body may nest. The api's deepest body (a campaign's raffle rounds) is four
 * levels; anything far deeper is an attack: 1 MB of `[` costs JSON.parse a sixth of a second,
 * and a deep value that parses overflows the stack of the validators after it.
 */
export const MAX_JSON_DEPTH = 16;

/** A request whose JSON body's text is kept as received (see registerJsonBodies). */
export type RawBodyRequest = { rawBody?: string };

export class JsonTooDeepError extends InvalidInputError {
  constructor() {
    super(`the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, { maxDepth: MAX_JSON_DEPTH }, 'json_too_deep');
  }
}

/**
 * Whether `text` opens more than `maxDepth` arrays or objects inside each other, in one pass
 * that stops at the first bracket too deep (brackets inside strings do not count). Malformed
 * JSON is left to the parser.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // a backslash escapes the next character, a quote among them
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}

/**
 * application/json bodies: read up to the route's body limit (see before-body.ts), refused when
 * they nest too deep before any parsing, parsed by Fastify's own parser (which refuses
 * `__proto__` and `constructor` keys), then refused when a string holds an invalid character.
 * Replaces Nest's parser, and with it the urlencoded one that no route uses. Call before `init`.
 */
export function registerJsonBodies(app: NestFastifyApplication): void {
  const parse = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', {}, (request, body, done) => {
    const text = body.toString('utf8');
    // Kept for the routes that verify a signature over the bytes as sent (payment webhooks).
    (request as RawBodyRequest).rawBody = text;
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return done(new JsonTooDeepError());
    parse(request, text, (error, value) => {
      if (error) return done(error);
      try {
        refuseInvalidCharacters(value, 'body');
      } catch (invalid) {
        return done(invalid as Error);
      }
      return done(null, value);
    });
  });
}
