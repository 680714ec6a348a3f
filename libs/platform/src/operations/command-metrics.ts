import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Counter, Registry } from 'prom-client';
import { UNMATCHED_ROUTE } from './http-metrics';

/** HTTP methods that ask for a change: each route with one of them is a command. */
const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The problem code each refused answer carried, noted where the problem is written (replyWithProblem). */
const problemCodes = new WeakMap<object, string>();

/** Called by whatever writes a problem+json answer, so the command metrics can count refusals by code. */
export function noteProblemCode(reply: FastifyReply, code: string): void {
  problemCodes.set(reply.raw, code);
}

/**
 * `goodpay_commands_total{command, outcome}` (accepted, refused, failed) and
 * `goodpay_command_refusals_total{command, code}`: how often each command is asked for and why
 * it is refused, by the route pattern (`POST /prepayments/:id/redemptions`), never the raw URL.
 */
@Injectable()
export class CommandMetrics implements OnModuleInit {
  readonly commands: Counter<'command' | 'outcome'>;
  readonly refusals: Counter<'command' | 'code'>;

  constructor(
    registry: Registry,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.commands = new Counter({
      name: 'goodpay_commands_total',
      help: 'Commands answered, by command (method and route pattern) and outcome (accepted, refused, failed)',
      labelNames: ['command', 'outcome'],
      registers: [registry],
    });
    this.refusals = new Counter({
      name: 'goodpay_command_refusals_total',
      help: 'Commands refused, by command and the stable problem code of the answer',
      labelNames: ['command', 'code'],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return; // an application context without HTTP
    fastify.addHook('onResponse', async (request, reply) => {
      if (!COMMAND_METHODS.has(request.method)) return;
      const command = `${request.method} ${request.routeOptions.url ?? UNMATCHED_ROUTE}`;
      const status = reply.statusCode;
      const outcome = status >= 500 ? 'failed' : status >= 400 ? 'refused' : 'accepted';
      this.commands.inc({ command, outcome });
      if (outcome === 'refused') this.refusals.inc({ command, code: problemCodes.get(reply.raw) ?? `http_${status}` });
    });
  }
}
