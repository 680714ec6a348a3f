import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { type DynamicModule, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { AppConfig } from '@goodpay/platform';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthModule } from '../auth/auth.module';
import { authenticate } from '../auth/authenticated';
import { BearerTokens } from '../auth/bearer-tokens';
import { answerWithProblem } from '../errors/problem.filter';

export const QUEUE_BOARD_ROUTE = '/admin/queues';
const BOARD_QUEUES = Symbol('queue-board:queues');

/**
 * Mounts the Bull Board (list, pause, retry and empty queues; Redis stats) at /admin/queues,
 * for staff only, in every mode. Its routes live in an encapsulated Fastify plugin whose own
 * onRequest hook checks the staff token: the hook belongs to the board's routes, so it runs for
 * whatever spelling of a URL the router resolves to one of them (percent-escapes, a query) and
 * there is no path check to get wrong. BULL_BOARD_ENABLED=false does not mount it at all (404).
 */
@Injectable()
export class QueueBoardMount implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
    private readonly tokens: BearerTokens,
    private readonly moduleRef: ModuleRef,
    @Inject(BOARD_QUEUES) private readonly queueNames: string[],
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.register || !this.config.BULL_BOARD_ENABLED) return;
    const board = new BullBoardFastifyAdapter();
    board.setBasePath(QUEUE_BOARD_ROUTE);
    createBullBoard({
      queues: this.queueNames.map((name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }))),
      serverAdapter: board,
    });
    void fastify.register(async (staffOnly) => {
      // Answered here, not thrown: the board's routes have Bull Board's error handler, not our filter.
      staffOnly.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          await authenticate(this.tokens, request.headers, ['staff']);
          return undefined;
        } catch (error) {
          return answerWithProblem(error, request, reply);
        }
      });
      await staffOnly.register(board.registerPlugin(), { prefix: QUEUE_BOARD_ROUTE });
    });
  }
}

export interface QueueBoardOptions {
  /** BullMQ queue names shown on the board. */
  queues: string[];
}

/** Bull Board at /admin/queues, on the api's Fastify instance, for staff. */
@Module({})
export class QueueBoardModule {
  static forRoot(options: QueueBoardOptions): DynamicModule {
    const queues = [...new Set(options.queues)];
    return {
      module: QueueBoardModule,
      imports: [AuthModule, ...(queues.length ? [BullModule.registerQueue(...queues.map((name) => ({ name })))] : [])],
      providers: [{ provide: BOARD_QUEUES, useValue: queues }, QueueBoardMount],
    };
  }
}
