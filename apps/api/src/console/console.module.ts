import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '@goodpay/platform';
import { DomainError } from '@goodpay/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerWithProblem } from '../errors/problem.filter';
import { ConsoleSettingsController } from './console-settings.controller';

export const CONSOLE_ROUTE = '/console';

/** The console was not built into CONSOLE_DIR: the api runs without it (404, `console_not_built`). */
export class ConsoleNotBuiltError extends DomainError {
  readonly status = 404;
  constructor() {
    super('console_not_built', 'the staff console is not built on this server: run `npm run build` (it writes CONSOLE_DIR)');
  }
}

/**
 * Serves the built staff console (apps/console) at /console from CONSOLE_DIR. Its pages are
 * public files; everything they show comes from the api with the signed-in staff token. Not
 * built: /console answers a problem document and the api works as before; a console built
 * while the api runs is served from then on (the folder is looked at on each request).
 */
@Injectable()
export class ConsoleMount implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.register) return;
    const root = resolve(this.config.CONSOLE_DIR);
    const index = join(root, 'index.html');
    void fastify.register(async (consoleRoutes) => {
      // The hook belongs to these routes only: whatever the spelling of a console URL, it runs.
      consoleRoutes.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) =>
        existsSync(index) ? undefined : answerWithProblem(new ConsoleNotBuiltError(), request, reply),
      );
      consoleRoutes.get(CONSOLE_ROUTE, async (_request, reply) => reply.redirect(`${CONSOLE_ROUTE}/`, 308));
      await consoleRoutes.register(fastifyStatic, {
        root,
        prefix: `${CONSOLE_ROUTE}/`,
        decorateReply: false,
        cacheControl: false, // ours below, not send's `public, max-age=0`
        // Hashed asset names may be kept for a year; index.html must be asked for each time.
        setHeaders: (response, path) =>
          response.setHeader('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
      });
    });
  }
}

@Module({ controllers: [ConsoleSettingsController], providers: [ConsoleMount] })
export class ConsoleModule {}
