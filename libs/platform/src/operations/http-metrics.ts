import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Histogram, Registry } from 'prom-client';

/** Requests that matched no route share one label value, so scanners cannot blow up cardinality. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * `http_request_duration_seconds{method, route, status}`, observed by a Fastify onResponse hook:
 * it sees every answer (404s, body-parser errors, filters' answers) with the route *pattern*
 * (`/campaigns/:id`), never the raw URL.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(
    registry: Registry,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return; // an application context without HTTP
    fastify.addHook('onResponse', async (request, reply) => {
      this.duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? UNMATCHED_ROUTE,
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
  }
}
