import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { optionalText } from '@goodpay/shared';
import { type CommandContext, type CommandResult, EventStore, executeOnStream } from '@goodpay/event-store';
import { PersonalDataVault } from '@goodpay/personal-data';
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
 * The nickname is checked, then sealed in the vault under the citizen's user id (the subject
 * their notification contacts are sealed under too), so the event carries only ciphertext.
 */
@CommandHandler(RegisterCitizenCommand)
export class RegisterCitizenHandler implements ICommandHandler<RegisterCitizenCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly clock: Clock,
  ) {}

  async execute({ context, input }: RegisterCitizenCommand) {
    const citizenId = context.actor.id;
    const displayName = optionalText(input.displayName, 'displayName', 50);
    // Only a citizen gets a key: the decider's citizens_only must not be preceded by a seal.
    const sealedDisplayName = displayName && context.actor.role === 'citizen' ? await this.vault.seal(citizenId, { displayName }) : null;
    return executeOnStream(
      this.store,
      context,
      citizenStream(citizenId),
      citizenDecider,
      () => ({ type: 'RegisterCitizen' as const, actor: context.actor, sealedDisplayName, now: this.clock.now().toISOString() }),
      // A second attempt lets the loser of a race be refused by the decider, not with a 409.
      // The Idempotency-Key's request is kept as a plain SHA-256: a guessable name is left out.
      { name: 'RegisterCitizen', input: { displayNameGiven: displayName !== null }, respond: () => ({ citizenId }), maxAttempts: 2 },
    );
  }
}
