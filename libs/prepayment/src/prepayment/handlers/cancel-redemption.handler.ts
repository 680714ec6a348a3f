import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import { onPrepayment } from './prepayment-command';

export class CancelRedemptionCommand extends Command<CommandResult<{ prepaymentId: string; redemptionId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly prepaymentId: string,
    readonly redemptionId: string,
  ) {
    super();
  }
}

/** The shop takes back a redemption made today (Seoul time); the balance returns. */
@CommandHandler(CancelRedemptionCommand)
export class CancelRedemptionHandler implements ICommandHandler<CancelRedemptionCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  execute({ context, prepaymentId, redemptionId }: CancelRedemptionCommand) {
    return onPrepayment(
      this.store,
      context,
      prepaymentId,
      (_prepayment, _merchant, actor) => ({
        type: 'CancelRedemption',
        actor,
        prepaymentId,
        redemptionId,
        now: this.clock.now().toISOString(),
      }),
      () => ({ prepaymentId, redemptionId }),
    );
  }
}
