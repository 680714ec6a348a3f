import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, decideOnStream, EventStore, idempotencyOf, metadataOf } from '@goodpay/event-store';
import { Clock, newId } from '@goodpay/shared';
import { businessRegistrationNumber } from '../../business-registration-number/business-registration-number';
import type { RegisterMerchant } from '../commands';
import { merchantDecider } from '../decider';
import { merchantStream } from '../events';
import { numberTakenIfClaimLost, refuseTakenNumber, reserveBusinessRegistrationNumber } from './business-registration-number-reservation';

export type RegisterMerchantInput = Omit<RegisterMerchant, 'type' | 'actor' | 'merchantId' | 'now'>;

export class RegisterMerchantCommand extends Command<CommandResult<{ merchantId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: RegisterMerchantInput,
  ) {
    super();
  }
}

/**
 * The shop's owner registers it, pending staff approval; its business registration number is
 * claimed in the same transaction (business_registration_number_taken, 422, if it was).
 */
@CommandHandler(RegisterMerchantCommand)
export class RegisterMerchantHandler implements ICommandHandler<RegisterMerchantCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ context, input }: RegisterMerchantCommand) {
    const merchantId = newId();
    const digits = businessRegistrationNumber(input.businessRegistrationNumber);
    try {
      return await this.store.execute(
        async () => {
          await refuseTakenNumber(this.store, digits);
          const { append } = await decideOnStream(this.store, merchantStream(merchantId), merchantDecider, {
            ...input,
            type: 'RegisterMerchant',
            actor: context.actor,
            merchantId,
            now: this.clock.now().toISOString(),
          });
          return { appends: [append, reserveBusinessRegistrationNumber(digits, merchantId)], respond: () => ({ merchantId }) };
        },
        {
          metadata: metadataOf(context),
          idempotency: idempotencyOf(context, 'RegisterMerchant', input),
          // One more attempt after losing the number's race: a twin request with the same
          // Idempotency-Key then answers with the winner's result, any other with "taken".
          maxAttempts: 2,
        },
      );
    } catch (error) {
      throw numberTakenIfClaimLost(error, digits);
    }
  }
}
