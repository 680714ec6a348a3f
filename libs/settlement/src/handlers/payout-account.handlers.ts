import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@goodpay/event-store';
import { PayoutAccounts, type PayoutAccountInput, type PayoutAccountView } from '../payout-account/payout-accounts';

export class RegisterPayoutAccountCommand extends Command<CommandResult<PayoutAccountView>> {
  constructor(
    readonly context: CommandContext,
    readonly merchantId: string,
    readonly input: PayoutAccountInput,
  ) {
    super();
  }
}

/** The owner registers (or replaces) the shop's settlement account: checked with the bank first. */
@CommandHandler(RegisterPayoutAccountCommand)
export class RegisterPayoutAccountHandler implements ICommandHandler<RegisterPayoutAccountCommand> {
  constructor(private readonly accounts: PayoutAccounts) {}

  execute({ context, merchantId, input }: RegisterPayoutAccountCommand) {
    return this.accounts.register(context, merchantId, input);
  }
}
