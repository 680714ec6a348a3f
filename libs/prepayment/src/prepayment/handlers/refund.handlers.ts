import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignDecider, campaignStream, CampaignClocks } from '@goodpay/campaign';
import { type CommandContext, type CommandResult, EventStore } from '@goodpay/event-store';

import { onPrepayment } from './prepayment-command';

export class RequestRefundCommand extends Command<CommandResult<{ prepaymentId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly prepaymentId: string,
  ) {
    super();
  }
}

export class ApproveRefundCommand extends Command<CommandResult<{ prepaymentId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly prepaymentId: string,
  ) {
    super();
  }
}

/** The payer asks for the unused balance back; the terms decide whether it may be (refund-policy.ts). */
@CommandHandler(RequestRefundCommand)
export class RequestRefundHandler implements ICommandHandler<RequestRefundCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clocks: CampaignClocks,
  ) {}

  execute({ context, prepaymentId }: RequestRefundCommand) {
    return onPrepayment(
      this.store,
      context,
      prepaymentId,
      async (prepayment, merchant) => ({
        type: 'RequestRefund',
        actor: context.actor,
        prepaymentId,
        now: await this.clocks.now(prepayment.campaignId),
        merchant,
        campaign: (await this.store.aggregate(campaignStream(prepayment.campaignId), campaignDecider)).state,
      }),
      () => ({ prepaymentId }),
    );
  }
}

/** The shop that holds the money, or staff, approves: the whole remaining balance goes back. */
@CommandHandler(ApproveRefundCommand)
export class ApproveRefundHandler implements ICommandHandler<ApproveRefundCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clocks: CampaignClocks,
  ) {}

  execute({ context, prepaymentId }: ApproveRefundCommand) {
    return onPrepayment(
      this.store,
      context,
      prepaymentId,
      async (prepayment, _merchant, actor) => ({
        type: 'ApproveRefund',
        actor,
        prepaymentId,
        now: await this.clocks.now(prepayment.campaignId),
      }),
      () => ({ prepaymentId }),
    );
  }
}

export class KeepBalanceCommand extends Command<CommandResult<{ prepaymentId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly prepaymentId: string,
  ) {
    super();
  }
}

/** The payer's answer to the campaign-end offer: keep using the balance, where the campaign's terms allow. */
@CommandHandler(KeepBalanceCommand)
export class KeepBalanceHandler implements ICommandHandler<KeepBalanceCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clocks: CampaignClocks,
  ) {}

  execute({ context, prepaymentId }: KeepBalanceCommand) {
    return onPrepayment(
      this.store,
      context,
      prepaymentId,
      async (prepayment) => ({
        type: 'KeepBalance',
        actor: context.actor,
        prepaymentId,
        now: await this.clocks.now(prepayment.campaignId),
      }),
      () => ({ prepaymentId }),
    );
  }
}
