import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore } from '@goodpay/event-store';
import { CampaignClocks } from '@goodpay/campaign';
import { onPrepayment } from '../../prepayment/handlers/prepayment-command';

export class RecordCounterRefundCommand extends Command<CommandResult<{ prepaymentId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly prepaymentId: string,
  ) {
    super();
  }
}

/** The shop paid an at-shop prepayment's approved refund at its counter: its merchant (or staff) record it. */
@CommandHandler(RecordCounterRefundCommand)
export class RecordCounterRefundHandler implements ICommandHandler<RecordCounterRefundCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clocks: CampaignClocks,
  ) {}

  execute({ context, prepaymentId }: RecordCounterRefundCommand) {
    return onPrepayment(
      this.store,
      context,
      prepaymentId,
      async (prepayment, _merchant, actor) => ({
        type: 'RecordCounterRefund',
        actor,
        prepaymentId,
        now: await this.clocks.now(prepayment.campaignId),
      }),
      () => ({ prepaymentId }),
    );
  }
}
