import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@goodpay/event-store';

export interface ErasureAnswer {
  /** Persons whose key was deleted now (erased before: not counted again). */
  erased: number;
}

/**
 * A citizen asks for their raffle personal data to be destroyed: the persons (phones) of all
 * their certifications are crypto-shredded. Waits for the certifications up to `afterPosition`.
 */
export class EraseMyRaffleDataCommand extends Command<CommandResult<ErasureAnswer>> {
  constructor(
    readonly context: CommandContext,
    readonly afterPosition?: string,
  ) {
    super();
  }
}

/** Staff (or a scheduled job) destroy what the raffle no longer needs (see retention.ts). */
export class SweepRafflePersonalDataCommand extends Command<CommandResult<ErasureAnswer & { campaigns: number }>> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId?: string,
  ) {
    super();
  }
}
