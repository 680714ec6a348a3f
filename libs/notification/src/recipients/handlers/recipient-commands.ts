import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@goodpay/shared';
import { validatePreferences, type PreferencesInput } from '../preferences-rules';
import { type ContactInput, normaliseContact } from '../contact-rules';
import { type MaskedContact, RecipientDirectory } from '../recipient-directory';
import type { RecipientPreferences } from '../../delivery/delivery-decision';

/** A person sets how they are reached: their own contact details only (the actor's id). */
export class SetContactCommand {
  constructor(
    readonly actor: Actor,
    readonly input: ContactInput,
  ) {}
}

export class SetNotificationPreferencesCommand {
  constructor(
    readonly actor: Actor,
    readonly input: PreferencesInput,
  ) {}
}

@CommandHandler(SetContactCommand)
export class SetContactHandler implements ICommandHandler<SetContactCommand, MaskedContact> {
  constructor(private readonly directory: RecipientDirectory) {}

  execute({ actor, input }: SetContactCommand): Promise<MaskedContact> {
    return this.directory.setContact(actor.id, normaliseContact(input));
  }
}

@CommandHandler(SetNotificationPreferencesCommand)
export class SetNotificationPreferencesHandler implements ICommandHandler<SetNotificationPreferencesCommand, RecipientPreferences> {
  constructor(private readonly directory: RecipientDirectory) {}

  execute({ actor, input }: SetNotificationPreferencesCommand): Promise<RecipientPreferences> {
    return this.directory.setPreferences(actor.id, validatePreferences(input));
  }
}

export const RECIPIENT_COMMAND_HANDLERS = [SetContactHandler, SetNotificationPreferencesHandler];
