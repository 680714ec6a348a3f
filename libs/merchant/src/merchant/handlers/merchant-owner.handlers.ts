import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@goodpay/event-store';
import { MerchantChangeHandler, type MerchantChanged } from './on-merchant';

/** What the shop's owner decides about it (closing, also staff). */

export class CloseMerchantCommand extends Command<MerchantChanged> {
  constructor(
    readonly context: CommandContext,
    readonly merchantId: string,
    readonly reason?: string,
  ) {
    super();
  }
}

export class SetDonationPledgeCommand extends Command<MerchantChanged> {
  constructor(
    readonly context: CommandContext,
    readonly merchantId: string,
    /** 0 (no pledge), 100, 300 or 500 basis points of sales. */
    readonly basisPoints: number,
  ) {
    super();
  }
}

/** Final: the shop takes no more prepayments, and its prepayers may have their balance back. */
@CommandHandler(CloseMerchantCommand)
export class CloseMerchantHandler extends MerchantChangeHandler implements ICommandHandler<CloseMerchantCommand> {
  execute({ context, merchantId, reason }: CloseMerchantCommand) {
    return this.change(context, merchantId, { type: 'CloseMerchant', reason });
  }
}

/** The donation-angel pledge: 1%, 3% or 5% of sales, or none. */
@CommandHandler(SetDonationPledgeCommand)
export class SetDonationPledgeHandler extends MerchantChangeHandler implements ICommandHandler<SetDonationPledgeCommand> {
  execute({ context, merchantId, basisPoints }: SetDonationPledgeCommand) {
    return this.change(context, merchantId, { type: 'SetDonationPledge', basisPoints });
  }
}
