import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Counter, Registry } from 'prom-client';

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
export class CommandMetrics {
  readonly commands: Counter<'command' | 'outcome'>;
  readonly refusals: Counter<'command' | 'code'>;

  constructor(registry: Registry) {
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

  /** Counts one answer; called by HttpMetrics' onResponse hook, the one hook both share. */
  observe(method: string, route: string, status: number, reply: FastifyReply): void {
    if (!COMMAND_METHODS.has(method)) return;
    const command = `${method} ${route}`;
    const outcome = status >= 500 ? 'failed' : status >= 400 ? 'refused' : 'accepted';
    this.commands.inc({ command, outcome });
    if (outcome === 'refused') this.refusals.inc({ command, code: problemCodes.get(reply.raw) ?? `http_${status}` });
  }
}
