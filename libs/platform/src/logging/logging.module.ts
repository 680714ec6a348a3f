import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import { type DestinationStream, pino } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { CORRELATION_HEADER, correlationIdFrom } from './correlation-id';
import { deferChildren } from './deferred-children';

/** Probes and scrapes: frequent, uninteresting, not logged per request. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

const pathOf = (url: string | undefined): string => (url ?? '').split('?')[0] ?? '';

type RequestWithId = IncomingMessage & { id?: unknown; originalUrl?: string };

/**
 * nestjs-pino options: JSON lines at LOG_LEVEL. Each HTTP request carries a correlation id
 * (the caller's x-correlation-id or a new UUID) as its request id, logged as `req.id` and
 * echoed in the response header. Personal data stays out: no bodies, no query strings, no
 * headers, no client addresses are logged; credentials are redacted should a header ever be.
 * The lines go to `destination` (standard output by default).
 *
 * pino-http's loggers for each request (its `req` binding and the custom props) are made when
 * something is logged with them, not for every request (deferChildren).
 */
export function loggerParams(config: AppConfig, destination?: DestinationStream): Params {
  // Above info (production may run at warn) a request's own line is never written: say so to
  // pino-http, which otherwise builds the line's bindings and objects for a logger that drops them.
  const requestLines = ['info', 'debug', 'trace'].includes(config.LOG_LEVEL);
  const redact = {
    paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.body', 'res.body'],
    censor: '[redacted]',
  };
  const base = { service: 'goodpay' };
  // The root: what is logged outside a request (pino-http makes its own child of it, with its options).
  const rootOptions = { level: config.LOG_LEVEL, base, redact };
  const root = destination ? pino(rootOptions, destination) : pino(rootOptions);
  const pinoHttp: Options = {
    logger: deferChildren(root),
    level: config.LOG_LEVEL,
    redact,
    // pino-http keeps a req.id that is already there: under Fastify the api's bootstrap gives
    // the request the same correlation id and echoes it. Any other server gets it here.
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = correlationIdFrom(req.headers);
      if (!res.headersSent) res.setHeader(CORRELATION_HEADER, id);
      return id;
    },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : requestLines ? 'info' : 'silent',
    customProps: (req: IncomingMessage) => ({ correlationId: (req as RequestWithId).id }),
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: pathOf(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // Middleware mounting rewrites req.url (Fastify: to '/'); originalUrl is what was asked.
    autoLogging: {
      ignore: (req: IncomingMessage) => QUIET_PATHS.has(pathOf((req as RequestWithId).originalUrl ?? req.url)),
    },
  };
  return { pinoHttp };
}

/** Structured JSON logs for every process (api, worker, cli). */
@Module({
  imports: [LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerParams })],
})
export class LoggingModule {}
