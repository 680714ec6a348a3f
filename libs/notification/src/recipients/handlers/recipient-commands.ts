import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, RuleViolationError } from '@goodpay/shared';
import { validatePreferences, type PreferencesInput } from '../preferences-rules';
import { type ContactInput, normaliseContact } from '../contact-rules';
import { type MaskedContact, RecipientDirectory } from '../recipient-directory';
import type { RecipientPreferences } from '../../delivery/delivery-decision';

/**
 * A person sets how they are reached: their own contact details only (the actor's id). The
 * caller states the fact identity knows: whether the actor proved by a one-time code that the
 * phone given is theirs (messages go only to a phone so proven).
 */
export class SetContactCommand {
  constructor(
    readonly actor: Actor,
    readonly input: ContactInput,
    readonly phoneVerified: boolean,
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

  execute({ actor, input, phoneVerified }: SetContactCommand): Promise<MaskedContact> {
    const contact = normaliseContact(input);
    if (contact.phone !== null && !phoneVerified) {
      throw new RuleViolationError(
        'phone_not_verified',
        'verify this phone first: POST /me/phone-verification/code, then POST /me/phone-verification with the code it received',
      );
    }
    return this.directory.setContact(actor.id, contact);
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
