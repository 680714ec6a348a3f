import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { CORRELATION_HEADER, noteProblemCode } from '@goodpay/platform';
import { type Language, languageOf } from '@goodpay/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Problem, PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/**
 * Sends `problem` as the answer, with its status, correlation id, media type, the language its
 * words are in, and `headers` (Retry-After).
 */
export function replyWithProblem(
  reply: FastifyReply,
  problem: Problem,
  language: Language,
  headers: Record<string, string> = {},
): FastifyReply {
  noteProblemCode(reply, problem.code);
  const vary = reply.getHeader('vary');
  return reply
    .status(problem.status)
    .headers(headers)
    .header(CORRELATION_HEADER, problem.correlationId)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('content-language', language)
    .header('vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language')
    .send(problem);
}

/** The context a request's problem is rendered in: its URL, correlation id and the language it asked for. */
const contextOf = (request: FastifyRequest) => ({
  instance: request.url,
  correlationId: String(request.id),
  language: languageOf(request.headers['accept-language']),
});

/**
 * The answer to an error met outside Nest's filters: requests Fastify refuses itself before
 * routing (a broken percent-escape in the URL, a path value over its length limit), and checks
 * that run in Fastify's hooks, before the body is read (invalid characters, tokens, secrets).
 */
export function answerWithProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const context = contextOf(request);
  const { problem, headers } = toProblem(error, context);
  return replyWithProblem(reply, problem, context.language, headers);
}

/**
 * Every error an HTTP request meets becomes RFC 9457 application/problem+json with a stable
 * `code`: domain refusals, validation, Nest's HTTP exceptions, Fastify's request errors, and
 * anything unexpected (500, logged with its stack, shown without it).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const context = contextOf(request);
    const { problem, unexpected, headers } = toProblem(exception, context);
    if (unexpected) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(error, `${request.method} ${request.routeOptions?.url ?? '(no route)'} failed`);
    }
    if (reply.sent) return;
    replyWithProblem(reply, problem, context.language, headers);
  }
}
