import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Injectable, Module, NotFoundException, type OnModuleInit, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '@goodpay/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../errors/problem';

export const QUEUE_BOARD_ROUTE = '/admin/queues';

/**
 * Who may open the Bull Board. The default follows BULL_BOARD_ENABLED; once authentication
 * exists, pass a staff-only policy: `QueueBoardModule.forRoot({ queues, access: StaffOnlyBoard })`.
 * A refused request gets the same 404 as a route that does not exist.
 */
export abstract class QueueBoardAccess {
  abstract allows(request: FastifyRequest): boolean | Promise<boolean>;
}

@Injectable()
export class ConfiguredQueueBoardAccess extends QueueBoardAccess {
  constructor(private readonly config: AppConfig) {
    super();
  }

  allows(): boolean {
    return this.config.BULL_BOARD_ENABLED;
  }
}

const isBoardPath = (url: string): boolean =>
  url === QUEUE_BOARD_ROUTE || url.startsWith(`${QUEUE_BOARD_ROUTE}/`) || url.startsWith(`${QUEUE_BOARD_ROUTE}?`);

/** Guards every route of the board (its pages, assets and JSON API) with QueueBoardAccess. */
@Injectable()
export class QueueBoardGate implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly access: QueueBoardAccess,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onRequest', async (request, reply) => {
      if (!isBoardPath(request.url) || (await this.access.allows(request))) return;
      // Answered here: the board's routes have Bull Board's own error handler, not our filter.
      const { problem } = toProblem(new NotFoundException(`Cannot ${request.method} ${request.url}`), {
        instance: request.url,
        correlationId: String(request.id),
      });
      return reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
    });
  }
}

export interface QueueBoardOptions {
  /** BullMQ queue names shown on the board. */
  queues: string[];
  access?: Type<QueueBoardAccess>;
}

/** Bull Board at /admin/queues, on the api's Fastify instance. */
@Module({})
export class QueueBoardModule {
  static forRoot(options: QueueBoardOptions): DynamicModule {
    const queues = [...new Set(options.queues)];
    return {
      module: QueueBoardModule,
      imports: [
        BullBoardModule.forRoot({ route: QUEUE_BOARD_ROUTE, adapter: BullBoardFastifyAdapter }),
        ...(queues.length
          ? [
              BullModule.registerQueue(...queues.map((name) => ({ name }))),
              BullBoardModule.forFeature(...queues.map((name) => ({ name, adapter: BullMQAdapter }))),
            ]
          : []),
      ],
      providers: [
        { provide: QueueBoardAccess, useClass: options.access ?? ConfiguredQueueBoardAccess },
        QueueBoardGate,
      ],
    };
  }
}
