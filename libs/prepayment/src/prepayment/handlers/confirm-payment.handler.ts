import { CampaignClocks } from '@goodpay/campaign';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore } from '@goodpay/event-store';
import { type Krw } from '@goodpay/shared';
import { onPrepayment } from './prepayment-command';

export class ConfirmPaymentCommand extends Command<CommandResult<{ prepaymentId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly prepaymentId: string,
    /** The amount staff read on the provider's statement. */
    readonly amount: Krw,
  ) {
    super();
  }
}

/**
 * Campaign staff confirm an order's payment after reconciling it with the provider's statement:
 * the order becomes a prepayment (PrepaymentMade, with staff as the event's actor).
 */
@CommandHandler(ConfirmPaymentCommand)
export class ConfirmPaymentHandler implements ICommandHandler<ConfirmPaymentCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clocks: CampaignClocks,
  ) {}

  execute({ context, prepaymentId, amount }: ConfirmPaymentCommand) {
    return onPrepayment(
      this.store,
      context,
      prepaymentId,
      async (prepayment, _merchant, actor) => ({
        type: 'ConfirmPayment',
        actor,
        prepaymentId,
        amount,
        now: await this.clocks.now(prepayment.campaignId),
      }),
      () => ({ prepaymentId }),
    );
  }
}
