import { PrepaymentClocks } from './prepayment-clocks';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, decideOnStream, EventStore, metadataOf } from '@goodpay/event-store';

import { monthlyReleaseFor } from '../../payer-month/decider';
import { monthAppends } from '../../payer-month/month-append';
import { prepaymentDecider } from '../decider';
import { type PrepaymentOrderCancelled, prepaymentStream } from '../events';

export class CancelOrderCommand extends Command<CommandResult<{ prepaymentId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly prepaymentId: string,
  ) {
    super();
  }
}

/** How often a cancellation decides again after losing a race (a confirmation, the payer's month). */
const ATTEMPTS_ON_CONFLICT = 5;

/**
 * The payer, or staff, give up an order whose payment was never confirmed; its amount leaves the
 * payer's month in the same transaction. Racing a confirmation, one of the two wins at the
 * prepayment stream's version and the other is refused.
 */
@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clocks: PrepaymentClocks,
  ) {}

  execute({ context, prepaymentId }: CancelOrderCommand) {
    return this.store.execute(
      async () => {
        const { events, append } = await decideOnStream(this.store, prepaymentStream(prepaymentId), prepaymentDecider, {
          type: 'CancelOrder',
          actor: context.actor,
          prepaymentId,
          now: await this.clocks.ofPrepayment(prepaymentId),
        });
        const cancelled = events[0] as PrepaymentOrderCancelled | undefined;
        const month = cancelled ? await monthAppends(this.store, monthlyReleaseFor(cancelled.data)) : [];
        return { appends: [append, ...month], respond: () => ({ prepaymentId }) };
      },
      { metadata: metadataOf(context), maxAttempts: ATTEMPTS_ON_CONFLICT },
    );
  }
}
