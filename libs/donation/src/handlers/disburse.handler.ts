import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore, executeOnStream } from '@goodpay/event-store';
import { Clock, type Krw, newId } from '@goodpay/shared';
import { chestDecider } from '../chest/decider';
import { COMMUNITY_CHEST_STREAM } from '../chest/events';

export interface DisburseInput {
  project: string;
  amount: Krw;
}

export class DisburseFromChestCommand extends Command<CommandResult<{ disbursementId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: DisburseInput,
  ) {
    super();
  }
}

/** Staff give money from the community chest to a welfare project: never more than its balance. */
@CommandHandler(DisburseFromChestCommand)
export class DisburseFromChestHandler implements ICommandHandler<DisburseFromChestCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  execute({ context, input }: DisburseFromChestCommand) {
    const disbursementId = newId();
    return executeOnStream(
      this.store,
      context,
      COMMUNITY_CHEST_STREAM,
      chestDecider,
      () => ({ type: 'Disburse' as const, disbursementId, ...input, actor: context.actor, now: this.clock.now().toISOString() }),
      // Donations credit the chest all the time: a disbursement that loses to one decides again.
      { name: 'DisburseFromChest', input, respond: () => ({ disbursementId }), maxAttempts: 20 },
    );
  }
}
