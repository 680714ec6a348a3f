import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { CORRELATION_HEADER, noteProblemCode } from '@goodpay/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Problem, PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/** Sends `problem` as the answer, with its status, correlation id, media type and `headers` (Retry-After). */
export function replyWithProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  noteProblemCode(reply, problem.code);
  return reply
    .status(problem.status)
    .headers(headers)
    .header(CORRELATION_HEADER, problem.correlationId)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problem);
}

/**
 * The answer to an error met outside Nest's filters: requests Fastify refuses itself before
 * routing (a broken percent-escape in the URL, a path value over its length limit), and checks
 * that run in Fastify's hooks, before the body is read (invalid characters, tokens, secrets).
 */
export function answerWithProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { problem, headers } = toProblem(error, { instance: request.url, correlationId: String(request.id) });
  return replyWithProblem(reply, problem, headers);
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
    const { problem, unexpected, headers } = toProblem(exception, { instance: request.url, correlationId: String(request.id) });
    if (unexpected) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(error, `${request.method} ${request.routeOptions?.url ?? '(no route)'} failed`);
    }
    if (reply.sent) return;
    replyWithProblem(reply, problem, headers);
  }
}
