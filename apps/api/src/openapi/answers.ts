import { applyDecorators, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import type { ApiResponseOptions } from '@nestjs/swagger';

/**
 * The few decorators every route documents itself with. The document built from them
 * (openapi.ts) is what the tests hold every answer to, and what the typed client is made from.
 */

/** Where @nestjs/swagger keeps a route's `x-` extensions (its ApiExtension keeps the first value of a key; these merge). */
const API_EXTENSION = 'swagger/apiExtension';

/** The extension that lists, per HTTP status, the stable problem codes an operation can answer. */
export const PROBLEM_CODES_EXTENSION = 'x-problem-codes';

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503;
export type ProblemCodes = Partial<Record<ProblemStatus, readonly string[]>>;

/** Adds `codes` to the method's (or every route of the class's) problem codes; repeated use merges. */
export const Problems =
  (codes: ProblemCodes) =>
  (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holders = descriptor ? [descriptor.value as object] : routeMethodsOf(target as Type<unknown>);
    for (const holder of holders) {
      const extensions: Record<string, unknown> = Reflect.getMetadata(API_EXTENSION, holder) ?? {};
      const merged: Record<string, string[]> = { ...((extensions[PROBLEM_CODES_EXTENSION] as Record<string, string[]>) ?? {}) };
      for (const [status, list] of Object.entries(codes)) merged[status] = [...new Set([...(merged[status] ?? []), ...(list ?? [])])];
      Reflect.defineMetadata(API_EXTENSION, { ...extensions, [PROBLEM_CODES_EXTENSION]: merged }, holder);
    }
  };

const routeMethodsOf = (controller: Type<unknown>): object[] =>
  Object.getOwnPropertyNames(controller.prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as object | undefined)
    .filter((method): method is object => typeof method === 'function' && Reflect.hasMetadata('path', method));

/** `<thing>_not_found` (404): the id in the path names nothing the caller may see. */
export const NotFound = (...things: string[]) => Problems({ 404: things.map((thing) => `${thing}_not_found`) });

interface AnswerOptions {
  /** 200 unless given (201 for what a command creates, 202 for what it only queues). */
  status?: 200 | 201 | 202;
  description?: string;
  /** The answer is a JSON array of `type`. */
  isArray?: boolean;
}

/** The success answer: its status and the JSON schema of its body (a DTO class). */
export function Answers(type: Type<unknown>, options: AnswerOptions = {}): MethodDecorator {
  const { status = 200, description, isArray } = options;
  const response: ApiResponseOptions = { type, isArray, description: description ?? defaultDescription(status) };
  if (status === 201) return ApiCreatedResponse(response);
  if (status === 200) return ApiOkResponse(response);
  return ApiResponse({ ...response, status });
}

/** A success answer that is a file, not JSON (a photo, a bank transfer file). */
export function AnswersFile(mediaTypes: readonly string[], description: string): MethodDecorator {
  const content = Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]));
  return ApiResponse({ status: 200, description, content });
}

const defaultDescription = (status: number) => ({ 200: 'done', 201: 'created', 202: 'accepted: queued, done later' })[status] ?? 'done';

/** The route runs a command and takes an Idempotency-Key (`required` on commands that create something); a race may answer 409. */
export const Idempotent = (required: boolean): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required,
      description:
        '8-128 letters, digits, _ . : -. A repeat with the same key answers the first result (replayed: true) and changes nothing; ' +
        'the same key for a different request is refused (422 idempotency_key_reused).' +
        (required ? ' Required: this command creates something.' : ''),
      schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$', example: 'c0ffee-2025-01-13-001' },
    }),
    Problems({
      400: [...(required ? ['idempotency_key_required'] : []), 'invalid_idempotency_key'],
      409: ['concurrency_conflict'],
      422: ['idempotency_key_reused'],
    }),
  );

/** Anyone may call the route; a token, when sent, must be valid (then the answer may show more). */
export const OptionalBearer = (scheme: string): MethodDecorator =>
  applyDecorators(ApiSecurity({}), ApiSecurity(scheme), Problems({ 401: ['unauthenticated'] }));
