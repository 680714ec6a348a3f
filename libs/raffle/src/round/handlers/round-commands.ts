import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@goodpay/event-store';
import type { DrandBeacon } from '../../sources/drand';
import type { SourceDeclaration } from '../commands';
import type { PublishedRound } from '../published-round';

interface RoundRef {
  campaignId: string;
  round: number;
}

/** Staff name the sources of randomness and the freeze time before the round opens. */
export class DeclareRaffleRandomnessCommand extends Command<CommandResult<RoundRef>> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly round: number,
    readonly sources: SourceDeclaration[],
    readonly freezeAt: string | null = null,
  ) {
    super();
  }
}

/** A person enters a round on an approved certification; entering again answers the first entry. */
export class EnterRaffleRoundCommand extends Command<CommandResult<RoundRef & { entryId: string; newEntry: boolean }>> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly round: number,
    readonly personId: string,
    readonly certificationId: string,
  ) {
    super();
  }
}

/** Staff close the round after its last day: the entry list is frozen and its hash published. */
export class FreezeRaffleEntriesCommand extends Command<
  CommandResult<RoundRef & { isRehearsal: boolean; entryListHash: string; entries: number }>
> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly round: number,
  ) {
    super();
  }
}

/**
 * Staff give the numbers the declared sources produced and trigger the draw; the worker runs
 * it. Triggering again with the same numbers answers the same (the result once drawn).
 */
export class TriggerRaffleDrawCommand extends Command<CommandResult<PublishedRound>> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly round: number,
    readonly numbers: string[][],
  ) {
    super();
  }
}

/** The worker's: records the drand beacons it fetched, once their signatures verify. */
export class RecordRaffleDrandBeaconsCommand extends Command<CommandResult<RoundRef>> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly round: number,
    readonly beacons: { sourceIndex: number; beacon: DrandBeacon }[],
  ) {
    super();
  }
}

/** The worker's side: draws a triggered round once and takes its places. */
export class RunRaffleDrawCommand extends Command<CommandResult<PublishedRound>> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly round: number,
  ) {
    super();
  }
}
