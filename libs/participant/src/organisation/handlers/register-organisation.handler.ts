import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore, executeOnStream } from '@goodpay/event-store';
import { Clock, newId } from '@goodpay/shared';
import type { OrganisationCommand, RegisterOrganisation } from '../commands';
import { organisationDecider } from '../decider';
import { organisationStream } from '../events';

export type RegisterOrganisationInput = Omit<RegisterOrganisation, 'type' | 'actor' | 'organisationId' | 'now'>;

export class RegisterOrganisationCommand extends Command<CommandResult<{ organisationId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: RegisterOrganisationInput,
  ) {
    super();
  }
}

/**
 * Staff register an agency, office, company or association. Its id is the subject of the
 * organisation's own tokens: with one, it signs its agreements itself.
 */
@CommandHandler(RegisterOrganisationCommand)
export class RegisterOrganisationHandler implements ICommandHandler<RegisterOrganisationCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  execute({ context, input }: RegisterOrganisationCommand) {
    const organisationId = newId();
    return executeOnStream(
      this.store,
      context,
      organisationStream(organisationId),
      organisationDecider,
      (): OrganisationCommand => ({
        ...input,
        type: 'RegisterOrganisation',
        actor: context.actor,
        organisationId,
        now: this.clock.now().toISOString(),
      }),
      { name: 'RegisterOrganisation', input, respond: () => ({ organisationId }), maxAttempts: 1 },
    );
  }
}
