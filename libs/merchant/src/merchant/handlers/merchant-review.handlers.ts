import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@goodpay/event-store';
import { MerchantChangeHandler, type MerchantChanged } from './on-merchant';

/** Staff review a pending shop, and suspend or reinstate an approved one. */

export class ApproveMerchantCommand extends Command<MerchantChanged> {
  constructor(
    readonly context: CommandContext,
    readonly merchantId: string,
  ) {
    super();
  }
}

/** The reason is kept and shown to the owner. */
abstract class MerchantCommandWithReason extends Command<MerchantChanged> {
  constructor(
    readonly context: CommandContext,
    readonly merchantId: string,
    readonly reason: string,
  ) {
    super();
  }
}

export class RejectMerchantCommand extends MerchantCommandWithReason {}
export class SuspendMerchantCommand extends MerchantCommandWithReason {}
export class ReinstateMerchantCommand extends MerchantCommandWithReason {}

@CommandHandler(ApproveMerchantCommand)
export class ApproveMerchantHandler extends MerchantChangeHandler implements ICommandHandler<ApproveMerchantCommand> {
  execute({ context, merchantId }: ApproveMerchantCommand) {
    return this.change(context, merchantId, { type: 'ApproveMerchant' });
  }
}

@CommandHandler(RejectMerchantCommand)
export class RejectMerchantHandler extends MerchantChangeHandler implements ICommandHandler<RejectMerchantCommand> {
  execute({ context, merchantId, reason }: RejectMerchantCommand) {
    return this.change(context, merchantId, { type: 'RejectMerchant', reason });
  }
}

/** Stops new prepayments until reinstated; prepayments already made stay redeemable. */
@CommandHandler(SuspendMerchantCommand)
export class SuspendMerchantHandler extends MerchantChangeHandler implements ICommandHandler<SuspendMerchantCommand> {
  execute({ context, merchantId, reason }: SuspendMerchantCommand) {
    return this.change(context, merchantId, { type: 'SuspendMerchant', reason });
  }
}

@CommandHandler(ReinstateMerchantCommand)
export class ReinstateMerchantHandler extends MerchantChangeHandler implements ICommandHandler<ReinstateMerchantCommand> {
  execute({ context, merchantId, reason }: ReinstateMerchantCommand) {
    return this.change(context, merchantId, { type: 'ReinstateMerchant', reason });
  }
}
