import type { IncomingMessage } from 'node:http';
import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CORRELATION_HEADER, correlationIdFrom, loadAppConfig } from '@goodpay/platform';
import { stringifyExact } from '@goodpay/shared';
import { Logger } from 'nestjs-pino';
import { answerWithProblem, ProblemFilter } from './errors/problem.filter';
import { createValidationPipe } from './errors/validation';
import { applyBeforeBodyRules, MAX_BODY_LIMIT } from './http/before-body';
import { refuseInvalidCharactersAtTheEdge } from './http/invalid-characters';
import { registerJsonBodies } from './http/json-body';
import { setupOpenApi } from './openapi/openapi';
import { registerRaffleUploads } from './raffle/receipt-upload';

export interface ApiAppOptions {
  /** Close gracefully on SIGTERM/SIGINT (default true). */
  shutdownHooks?: boolean;
}

/**
 * Fastify with the correlation id as the request id (logged by pino, echoed, put in problem
 * documents); each route's body limit is set by applyBeforeBodyRules, under MAX_BODY_LIMIT.
 * `trustedProxies` (TRUSTED_PROXIES) are the only peers whose X-Forwarded-For sets
 * `request.ip`, which the rate limits count callers without a token by.
 */
export function apiAdapter(options: { trustedProxies?: string[] } = {}): FastifyAdapter {
  const trustedProxies = options.trustedProxies ?? [];
  return new FastifyAdapter({
    bodyLimit: MAX_BODY_LIMIT,
    trustProxy: trustedProxies.length > 0 ? trustedProxies : false,
    genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers),
    requestIdHeader: false,
    frameworkErrors: answerWithProblem,
  });
}

/**
 * What the api promises on top of its modules: JSON logs, the correlation-id header, what is
 * refused before a body is read (invalid characters, each route's body limit and head checks),
 * JSON bodies of bounded depth, exact JSON integers for money, receipt uploads, the global
 * ValidationPipe, problem+json errors, OpenAPI at /docs, graceful shutdown.
 * Applied by createApiApp, and by tests that build the app from a testing module.
 */
export async function configureApiApp(app: NestFastifyApplication, options: ApiAppOptions = {}): Promise<NestFastifyApplication> {
  app.useLogger(app.get(Logger));
  app.flushLogs(); // Nest would only flush on listen(); tests and init()-only users need it now
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      void reply.header(CORRELATION_HEADER, request.id);
    });
  refuseInvalidCharactersAtTheEdge(app);
  applyBeforeBodyRules(app);
  registerJsonBodies(app);
  // Money in answers is a JSON integer, exact past 2^53 (a bigint KrwFigure is written digit for digit).
  app.getHttpAdapter().getInstance().setReplySerializer(stringifyExact);
  await registerRaffleUploads(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  setupOpenApi(app);
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  return app;
}

/**
 * The HTTP application around `module` (ApiModule, the standalone module, a test module). The
 * module brings the rest (config, database, queues, health, metrics, features). Call `listen()`
 * or, in tests, `init()` then `getHttpAdapter().getInstance().ready()`.
 */
export async function createApiApp(module: Type<unknown> | DynamicModule, options: ApiAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    apiAdapter({ trustedProxies: loadAppConfig(process.env).TRUSTED_PROXIES }),
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  return configureApiApp(app, options);
}
