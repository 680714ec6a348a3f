import { PrepaymentClocks } from './prepayment-clocks';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignDecider, campaignStream, existingCampaign } from '@goodpay/campaign';
import { type AppendRequest, type CommandContext, type CommandResult, decideOnStream, EventStore, metadataOf } from '@goodpay/event-store';

import { monthlyPrepaymentFor } from '../../payer-month/decider';
import { monthAppends } from '../../payer-month/month-append';
import { prepaymentDecider } from '../decider';
import { type PrepaymentClaimed, prepaymentStream } from '../events';
import { prepaymentIdOfCode } from '../prepayment-codes';

export class ClaimPrepaymentCommand extends Command<CommandResult<{ prepaymentId: string }>> {
  constructor(
    readonly context: CommandContext,
    /** As handed over at the counter: case, spaces and dashes ignored. */
    readonly code: string,
  ) {
    super();
  }
}

/** How often a claim decides again after losing a race on the payer's month. */
const ATTEMPTS_ON_CONFLICT = 5;

/**
 * The payer the shop named claims a prepayment at the shop with its code, and from then on it
 * counts for them. The claim and the month's running total are appended in one transaction
 * at the versions read (as MakePrepayment does), so the monthly cap holds at the claim under
 * concurrency: a claim that would pass it is refused and the prepayment stays the counter
 * customer's. Claiming again answers the same and appends nothing.
 */
@CommandHandler(ClaimPrepaymentCommand)
export class ClaimPrepaymentHandler implements ICommandHandler<ClaimPrepaymentCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clocks: PrepaymentClocks,
  ) {}

  execute({ context, code: typed }: ClaimPrepaymentCommand) {
    let prepaymentId = '';
    return this.store.execute(
      async () => {
        prepaymentId = await prepaymentIdOfCode(this.store, typed);
        const { state, events, append } = await decideOnStream(this.store, prepaymentStream(prepaymentId), prepaymentDecider, {
          type: 'ClaimPrepayment',
          actor: context.actor,
          prepaymentId,
          now: await this.clocks.ofPrepayment(prepaymentId),
        });
        const appends: AppendRequest[] = [append];
        const claimed = events[0] as PrepaymentClaimed | undefined;
        if (claimed && state.status !== 'none') {
          const campaign = await this.store.aggregate(campaignStream(state.campaignId), campaignDecider);
          appends.push(
            ...(await monthAppends(
              this.store,
              monthlyPrepaymentFor(claimed.data, existingCampaign(campaign.state, state.campaignId).bounds),
            )),
          );
        }
        return { appends, respond: () => ({ prepaymentId }) };
      },
      { metadata: metadataOf(context), maxAttempts: ATTEMPTS_ON_CONFLICT },
    );
  }
}
