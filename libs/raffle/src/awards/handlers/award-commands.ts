import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@goodpay/event-store';

export interface AwardsAnswer {
  campaignId: string;
  /** Prizes awarded and forfeited by this command. */
  awarded: number;
  forfeited: number;
  /** Vouchers left in stock afterwards. */
  vouchersInStock: number;
}

/** Staff add Onnuri vouchers (codes, or issuer references) to the campaign's stock. */
export class AddRaffleVouchersCommand extends Command<CommandResult<{ campaignId: string; added: number; vouchersInStock: number }>> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly vouchers: unknown,
  ) {
    super();
  }
}

/**
 * Staff (or the system's daily sweep) settle the awards: prizes not confirmed by their
 * deadline are forfeited, and every drawn round's places are filled down its ranking.
 */
export class SettleRaffleAwardsCommand extends Command<CommandResult<AwardsAnswer>> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
  ) {
    super();
  }
}

/** Staff disqualify a winner: the prize is forfeited and the next on the waiting list moves up. */
export class DisqualifyRaffleWinnerCommand extends Command<CommandResult<AwardsAnswer>> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly entryId: string,
    readonly note: string | undefined,
  ) {
    super();
  }
}

/** The winner confirms their prize before the deadline, and is shown the voucher. */
export class ConfirmRaffleAwardCommand extends Command<
  CommandResult<{ campaignId: string; entryId: string; status: 'confirmed'; voucher: { kind: string; code?: string; reference?: string } }>
> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly entryId: string,
  ) {
    super();
  }
}
