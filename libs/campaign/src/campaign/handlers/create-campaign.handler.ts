import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore, executeOnStream } from '@goodpay/event-store';
import { Clock, newId } from '@goodpay/shared';
import type { CampaignCommand, CreateCampaign } from '../commands';
import { campaignDecider } from '../decider';
import { campaignStream } from '../events';

export type CreateCampaignInput = Omit<CreateCampaign, 'type' | 'actor' | 'campaignId' | 'now'>;

export class CreateCampaignCommand extends Command<CommandResult<{ campaignId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: CreateCampaignInput,
  ) {
    super();
  }
}

/** Staff open a campaign; the Idempotency-Key keeps a retried request from opening two. */
@CommandHandler(CreateCampaignCommand)
export class CreateCampaignHandler implements ICommandHandler<CreateCampaignCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  execute({ context, input }: CreateCampaignCommand) {
    const campaignId = newId();
    return executeOnStream(
      this.store,
      context,
      campaignStream(campaignId),
      campaignDecider,
      (): CampaignCommand => ({ ...input, type: 'CreateCampaign', actor: context.actor, campaignId, now: this.clock.now().toISOString() }),
      { name: 'CreateCampaign', input, respond: () => ({ campaignId }), maxAttempts: 1 },
    );
  }
}
