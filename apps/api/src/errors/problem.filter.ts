import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { CORRELATION_HEADER } from '@goodpay/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Problem, PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/** Sends `problem` as the answer, with its status, correlation id and media type. */
export function replyWithProblem(reply: FastifyReply, problem: Problem): void {
  void reply.status(problem.status).header(CORRELATION_HEADER, problem.correlationId).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Fastify answers some malformed requests itself, before routing and so before Nest's filters
 * (a broken percent-escape in the URL, a path value over its length limit): the same answer.
 */
export function frameworkErrorProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  replyWithProblem(reply, toProblem(error, { instance: request.url, correlationId: String(request.id) }).problem);
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
    const { problem, unexpected } = toProblem(exception, { instance: request.url, correlationId: String(request.id) });
    if (unexpected) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(error, `${request.method} ${request.routeOptions?.url ?? '(no route)'} failed`);
    }
    if (reply.sent) return;
    replyWithProblem(reply, problem);
  }
}
