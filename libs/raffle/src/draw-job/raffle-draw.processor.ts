import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import type { Job } from 'bullmq';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { RunRaffleDrawCommand } from '../round/handlers/round-commands';
import { RAFFLE_DRAW_QUEUE, type RaffleDrawJob } from './raffle-draw-queue';

/** Runs triggered draws. A job run twice draws once: the round stream refuses a second draw. */
@Processor(RAFFLE_DRAW_QUEUE, { concurrency: 2 })
export class RaffleDrawProcessor extends WorkerHost {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async process(job: Job<RaffleDrawJob>): Promise<{ status: string }> {
    const { campaignId, round, correlationId } = job.data;
    const context = { actor: SYSTEM_ACTOR, correlationId, causationId: job.id ?? null };
    const result = await this.commands.execute(new RunRaffleDrawCommand(context, campaignId, round));
    return { status: result.response.status };
  }
}
