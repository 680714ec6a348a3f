import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { DomainError, type Language, problemText } from '@goodpay/shared';
import { errorCodes } from 'fastify';
import { isTransientFailure, RETRY_AFTER_SECONDS } from './transient-failure';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export const PROBLEM_TYPE_BASE = 'https://goodpay.kr/problems/';

/** RFC 9457 problem details, plus our stable `code` and the request's `correlationId`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  correlationId: string;
  [extension: string]: unknown;
}

export interface ProblemContext {
  instance: string;
  correlationId: string;
  /** The language of `title` and `detail` (Accept-Language; Korean by default). */
  language?: Language;
}

/** The stable code of an HTTP status that no domain rule explains. */
export const STATUS_CODE_NAMES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  500: 'internal_error',
  501: 'not_implemented',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

const codeOfStatus = (status: number): string => STATUS_CODE_NAMES[status] ?? `http_${status}`;

/** Fastify's own request errors, by their code. */
export const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
};

/**
 * Nest turns a Fastify request error into `new HttpException(message, statusCode)` and drops
 * its code; these fixed messages (taken from Fastify itself) give the code back.
 */
const FASTIFY_CODES_BY_MESSAGE = new Map<string, string>(
  ['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY', 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'].map((name) => {
    const FastifyError = errorCodes[name as keyof typeof errorCodes] as unknown as new () => Error;
    return [new FastifyError().message.trim(), FASTIFY_CODES[name] as string];
  }),
);

interface FastifyLikeError extends Error {
  code: string;
  statusCode: number;
}

const isFastifyError = (error: unknown): error is FastifyLikeError =>
  error instanceof Error &&
  typeof (error as Partial<FastifyLikeError>).statusCode === 'number' &&
  typeof (error as Partial<FastifyLikeError>).code === 'string' &&
  (error as FastifyLikeError).code.startsWith('FST_');

/**
 * The one place a problem is rendered: its words come from the message catalogue of
 * @goodpay/shared (Korean unless the request asked for English), filled with its extensions;
 * `message` (the thrower's English) stands in only for a code the catalogue does not know yet.
 */
function problem(
  status: number,
  code: string,
  message: string,
  context: ProblemContext,
  extensions: Record<string, unknown> = {},
): Problem {
  const { title, detail } = problemText(code, status, context.language ?? 'ko', extensions, message);
  const body: Problem = {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title,
    status,
    detail,
    code,
    instance: context.instance,
    correlationId: context.correlationId,
  };
  for (const [key, value] of Object.entries(extensions)) if (!(key in body)) body[key] = value;
  return body;
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const { message } = response as { message?: unknown };
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}

interface Rendered {
  problem: Problem;
  /** A bug or an outage (5xx): logged with its stack; the client sees no internals. */
  unexpected: boolean;
  /** Response headers that go with the problem (Retry-After). */
  headers?: Record<string, string>;
}

function fromHttpException(exception: HttpException, context: ProblemContext): Rendered {
  const status = exception.getStatus();
  // 503 is how @nestjs/terminus says "not ready": expected, and its details are the point.
  if (status >= 500 && status !== 503) {
    return { problem: problem(status, codeOfStatus(status), STATUS_CODES[status] ?? 'server error', context), unexpected: true };
  }
  const message = messageOf(exception);
  const code = (status === 400 && FASTIFY_CODES_BY_MESSAGE.get(message.trim())) || codeOfStatus(status);
  const response = exception.getResponse();
  const checks = typeof response === 'object' ? (response as { details?: unknown }).details : undefined;
  return { problem: problem(status, code, message, context, checks ? { checks } : {}), unexpected: false };
}

/** What the client sees for `exception`. */
export function toProblem(exception: unknown, context: ProblemContext): Rendered {
  if (exception instanceof DomainError) {
    return {
      problem: problem(exception.status, exception.code, exception.message, context, exception.details),
      unexpected: false,
    };
  }
  if (exception instanceof HttpException) return fromHttpException(exception, context);
  if (isFastifyError(exception) && exception.statusCode < 500) {
    const code = FASTIFY_CODES[exception.code] ?? codeOfStatus(exception.statusCode);
    return { problem: problem(exception.statusCode, code, exception.message, context), unexpected: false };
  }
  if (isTransientFailure(exception)) {
    return {
      problem: problem(
        503,
        'temporarily_unavailable',
        'the database or the queue is briefly unavailable: send the same request again, with the same Idempotency-Key, after Retry-After seconds (a command that did take effect then answers its first result)',
        context,
      ),
      unexpected: true,
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    };
  }
  return {
    problem: problem(500, 'internal_error', 'an unexpected error occurred; quote the correlation id when reporting it', context),
    unexpected: true,
  };
}
