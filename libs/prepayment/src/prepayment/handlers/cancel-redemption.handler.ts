import { CampaignClocks } from '@goodpay/campaign';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore } from '@goodpay/event-store';

import { redemptionAt } from '../redemption';
import { onPrepayment } from './prepayment-command';

export class CancelRedemptionCommand extends Command<CommandResult<{ prepaymentId: string; redemptionId: string; isRehearsal: boolean }>> {
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
    private readonly clocks: CampaignClocks,
  ) {}

  execute({ context, prepaymentId, redemptionId }: CancelRedemptionCommand) {
    let rehearsal = false;
    return onPrepayment(
      this.store,
      context,
      prepaymentId,
      async (prepayment, _merchant, actor, { read, version }) => {
        rehearsal = await this.clocks.isRehearsal(prepayment.campaignId);
        const redemption = await redemptionAt(read, prepaymentId, redemptionId, version);
        return {
          type: 'CancelRedemption',
          actor,
          prepaymentId,
          redemptionId,
          redemption,
          now: await this.clocks.now(prepayment.campaignId),
        };
      },
      () => ({ prepaymentId, redemptionId, isRehearsal: rehearsal }),
    );
  }
}
