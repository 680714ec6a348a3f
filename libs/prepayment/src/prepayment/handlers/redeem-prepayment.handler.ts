import { CampaignClocks } from '@goodpay/campaign';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore } from '@goodpay/event-store';
import { type Krw, newId } from '@goodpay/shared';
import { onPrepayment } from './prepayment-command';

export class RedeemPrepaymentCommand extends Command<CommandResult<{ prepaymentId: string; redemptionId: string; isRehearsal: boolean }>> {
  constructor(
    readonly context: CommandContext,
    readonly prepaymentId: string,
    readonly amount: Krw,
  ) {
    super();
  }
}

/**
 * The shop takes part of the balance on a visit. Idempotent: a retried visit redeems once.
 * Redemptions waiting on one prepayment decide and commit as a group: each on the balance the
 * ones before it leave, so concurrent tills never overdraw it.
 */
@CommandHandler(RedeemPrepaymentCommand)
export class RedeemPrepaymentHandler implements ICommandHandler<RedeemPrepaymentCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clocks: CampaignClocks,
  ) {}

  execute({ context, prepaymentId, amount }: RedeemPrepaymentCommand) {
    const redemptionId = newId();
    let rehearsal = false;
    return onPrepayment(
      this.store,
      context,
      prepaymentId,
      async (prepayment, _merchant, actor) => {
        rehearsal = await this.clocks.isRehearsal(prepayment.campaignId);
        return { type: 'RedeemPrepayment', actor, prepaymentId, redemptionId, amount, now: await this.clocks.now(prepayment.campaignId) };
      },
      () => ({ prepaymentId, redemptionId, isRehearsal: rehearsal }),
      { command: 'RedeemPrepayment', input: { prepaymentId, amount } },
      // The hot path: many tills on one balance commit together (group commit), one after another in effect.
      { group: true },
    );
  }
}
