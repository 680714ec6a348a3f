import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore, executeOnStream } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import { citizenDecider } from '../decider';
import { citizenStream } from '../events';

export interface RegisterCitizenInput {
  displayName?: string;
}

export class RegisterCitizenCommand extends Command<CommandResult<{ citizenId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: RegisterCitizenInput,
  ) {
    super();
  }
}

/**
 * The signed-in citizen registers themself. Their stream is named after their user id, so a
 * second registration, even a concurrent one, finds it: citizen_already_registered (422).
 */
@CommandHandler(RegisterCitizenCommand)
export class RegisterCitizenHandler implements ICommandHandler<RegisterCitizenCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  execute({ context, input }: RegisterCitizenCommand) {
    const citizenId = context.actor.id;
    return executeOnStream(
      this.store,
      context,
      citizenStream(citizenId),
      citizenDecider,
      () => ({ type: 'RegisterCitizen' as const, actor: context.actor, displayName: input.displayName, now: this.clock.now().toISOString() }),
      // A second attempt lets the loser of a race be refused by the decider, not with a 409.
      { name: 'RegisterCitizen', input, respond: () => ({ citizenId }), maxAttempts: 2 },
    );
  }
}
