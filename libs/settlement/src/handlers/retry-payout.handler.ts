import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, decideOnStream, EventStore, metadataOf } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import { payoutDecider } from '../payout/decider';
import { type PayoutRetried, payoutStream } from '../payout/events';

export class RetryPayoutCommand extends Command<CommandResult<{ settlementId: string; round: number }>> {
  constructor(
    readonly context: CommandContext,
    readonly settlementId: string,
  ) {
    super();
  }
}

/**
 * Staff retry a payout that failed for good: a new round. Its job is not added here (that
 * would be a second write after the commit): the settlement-payouts reactor turns the
 * PayoutRetried event into the round's job.
 */
@CommandHandler(RetryPayoutCommand)
export class RetryPayoutHandler implements ICommandHandler<RetryPayoutCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  execute({ context, settlementId }: RetryPayoutCommand) {
    return this.store.execute(
      async () => {
        const { events, append } = await decideOnStream(this.store, payoutStream(settlementId), payoutDecider, {
          type: 'RetryPayout',
          settlementId,
          actor: context.actor,
          now: this.clock.now().toISOString(),
        });
        const round = (events[0] as PayoutRetried).data.round;
        return { appends: [append], respond: () => ({ settlementId, round }) };
      },
      { metadata: metadataOf(context), maxAttempts: 3 },
    );
  }
}
