import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignClock, campaignDecider, campaignStream, existingCampaign } from '@goodpay/campaign';
import { type CommandContext, type CommandResult, decideOnStream, EventStore, idempotencyOf, metadataOf } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import type { OrganisationCommand, SignParticipationAgreement } from '../commands';
import { organisationDecider } from '../decider';
import { organisationStream } from '../events';

export type SignParticipationAgreementInput = Omit<SignParticipationAgreement, 'type' | 'actor' | 'organisationId' | 'now'>;

export class SignParticipationAgreementCommand extends Command<CommandResult<{ organisationId: string; campaignId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly organisationId: string,
    readonly input: SignParticipationAgreementInput,
  ) {
    super();
  }
}

/**
 * The organisation (or staff for it) records the agreement it signed for a campaign, once per
 * campaign. The campaign must exist (campaign_not_found, 404): an agreement for no campaign
 * is a mistake that would otherwise surface only when the organisation tries to prepay.
 */
@CommandHandler(SignParticipationAgreementCommand)
export class SignParticipationAgreementHandler implements ICommandHandler<SignParticipationAgreementCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  execute({ context, organisationId, input }: SignParticipationAgreementCommand) {
    const { campaignId } = input;
    return this.store.execute(
      async () => {
        const campaign = (await this.store.aggregate(campaignStream(campaignId), campaignDecider)).state;
        const { append } = await decideOnStream(this.store, organisationStream(organisationId), organisationDecider, (organisation) => {
          // An unknown organisation is the first thing to tell (the decider does); then the campaign.
          if (organisation.status === 'registered') existingCampaign(campaign, campaignId);
          const command: OrganisationCommand = {
            ...input,
            type: 'SignParticipationAgreement',
            actor: context.actor,
            organisationId,
            now: campaignClock(campaign, this.clock).now().toISOString(),
          };
          return command;
        });
        return { appends: [append], respond: () => ({ organisationId, campaignId }) };
      },
      {
        metadata: metadataOf(context),
        idempotency: idempotencyOf(context, 'SignParticipationAgreement', { organisationId, ...input }),
        maxAttempts: 3,
      },
    );
  }
}
