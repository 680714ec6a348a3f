import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, type DistributiveOmit, EventStore, executeOnStream } from '@goodpay/event-store';
import { CampaignClocks } from '../../clock/campaign-clocks';
import type { AdvanceRehearsalClock, ChangeCampaign, CloseCampaign, DeleteRehearsal, ExtendCampaign } from '../commands';
import { campaignDecider } from '../decider';
import { campaignStream } from '../events';

type CampaignChange = DistributiveOmit<
  ChangeCampaign | ExtendCampaign | CloseCampaign | AdvanceRehearsalClock | DeleteRehearsal,
  'actor' | 'campaignId' | 'now'
>;
type Input<C> = Omit<C, 'type' | 'actor' | 'campaignId' | 'now'>;
type CampaignChanged = CommandResult<{ campaignId: string }>;

/** What every handler of a command on an existing campaign shares. */
@Injectable()
abstract class CampaignChangeHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clocks: CampaignClocks,
  ) {}

  /**
   * campaign_not_found (404) if there is no such campaign; decided again after a conflict. The
   * campaign's own clock decides (a rehearsal's), except for the rehearsal's clock itself and its
   * deletion, which are decided on the real time.
   */
  protected change(context: CommandContext, campaignId: string, change: CampaignChange): Promise<CampaignChanged> {
    return executeOnStream(
      this.store,
      context,
      campaignStream(campaignId),
      campaignDecider,
      async () => ({
        ...change,
        actor: context.actor,
        campaignId,
        now:
          change.type === 'AdvanceRehearsalClock' || change.type === 'DeleteRehearsal'
            ? this.clocks.system.now().toISOString()
            : await this.clocks.now(campaignId),
      }),
      { name: change.type, input: { campaignId, ...change }, respond: () => ({ campaignId }) },
    );
  }
}

export class ChangeCampaignCommand extends Command<CampaignChanged> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly input: Input<ChangeCampaign>,
  ) {
    super();
  }
}

export class ExtendCampaignCommand extends Command<CampaignChanged> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly input: Input<ExtendCampaign>,
  ) {
    super();
  }
}

export class CloseCampaignCommand extends Command<CampaignChanged> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly input: Input<CloseCampaign>,
  ) {
    super();
  }
}

/** Name, bounds, target: what is given replaces what the campaign has; nothing new decides nothing. */
@CommandHandler(ChangeCampaignCommand)
export class ChangeCampaignHandler extends CampaignChangeHandler implements ICommandHandler<ChangeCampaignCommand> {
  execute({ context, campaignId, input }: ChangeCampaignCommand) {
    return this.change(context, campaignId, { ...input, type: 'ChangeCampaign' });
  }
}

/**
 * A later last day, and rounds that only grow. The decider keeps drawn rounds unchanged from
 * the RaffleRoundDrawn events it folds: today only the campaign stream is read.
 */
@CommandHandler(ExtendCampaignCommand)
export class ExtendCampaignHandler extends CampaignChangeHandler implements ICommandHandler<ExtendCampaignCommand> {
  execute({ context, campaignId, input }: ExtendCampaignCommand) {
    return this.change(context, campaignId, { ...input, type: 'ExtendCampaign' });
  }
}

/** Ends the campaign early; final. */
@CommandHandler(CloseCampaignCommand)
export class CloseCampaignHandler extends CampaignChangeHandler implements ICommandHandler<CloseCampaignCommand> {
  execute({ context, campaignId, input }: CloseCampaignCommand) {
    return this.change(context, campaignId, { ...input, type: 'CloseCampaign' });
  }
}

export class AdvanceRehearsalClockCommand extends Command<CampaignChanged> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly input: Input<AdvanceRehearsalClock>,
  ) {
    super();
  }
}

export class DeleteRehearsalCommand extends Command<CampaignChanged> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
  ) {
    super();
  }
}

/** Moves a rehearsal's clock forward (rehearsal_only for a real campaign, rehearsal_clock_backwards otherwise). */
@CommandHandler(AdvanceRehearsalClockCommand)
export class AdvanceRehearsalClockHandler extends CampaignChangeHandler implements ICommandHandler<AdvanceRehearsalClockCommand> {
  execute({ context, campaignId, input }: AdvanceRehearsalClockCommand) {
    return this.change(context, campaignId, { ...input, type: 'AdvanceRehearsalClock' });
  }
}

/** Deletes a rehearsal as a whole: its read-model rows go, its events stay (docs/rehearsal.md). */
@CommandHandler(DeleteRehearsalCommand)
export class DeleteRehearsalHandler extends CampaignChangeHandler implements ICommandHandler<DeleteRehearsalCommand> {
  execute({ context, campaignId }: DeleteRehearsalCommand) {
    return this.change(context, campaignId, { type: 'DeleteRehearsal' });
  }
}
