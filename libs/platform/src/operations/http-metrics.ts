import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Histogram, Registry } from 'prom-client';
import { CommandMetrics } from './command-metrics';

/** Requests that matched no route share one label value, so scanners cannot blow up cardinality. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * `http_request_duration_seconds{method, route, status}`, observed by a Fastify onResponse hook
 * (the one that also counts commands, CommandMetrics): it sees every answer (404s, body-parser
 * errors, filters' answers) with the route *pattern* (`/campaigns/:id`), never the raw URL.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(
    registry: Registry,
    private readonly adapterHost: HttpAdapterHost,
    private readonly commands: CommandMetrics,
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
    // One hook for both metrics, in callback style: no promise per answer.
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
      const status = reply.statusCode;
      this.duration.observe({ method: request.method, route, status: String(status) }, reply.elapsedTime / 1000);
      this.commands.observe(request.method, route, status, reply);
      done();
    });
  }
}
