import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, decideOnStream, EventStore, idempotencyOf, metadataOf } from '@goodpay/event-store';
import { NotFoundError } from '@goodpay/shared';
import { raffleCertificationDecider } from '../../certification/decider';
import { raffleCertificationStream } from '../../certification/events';
import type { RafflePlacesCommand } from '../../places/commands';
import type { RafflePlacesEvent } from '../../places/events';
import { rafflePlacesDecider, rafflePlacesStream } from '../../places/places';
import { evolvePlaces } from '../../places/state';
import {
  AddRaffleVouchersCommand,
  type AwardsAnswer,
  ConfirmRaffleAwardCommand,
  DisqualifyRaffleWinnerCommand,
  SettleRaffleAwardsCommand,
} from './award-commands';
import { RoundContext } from '../../round/handlers/round-context';
import { AwardTermsReader } from './award-terms';

/** Award commands race with draws and with each other on the places stream: decide again after a conflict. */
const PLACES_ATTEMPTS = 10;

/** One decision on the campaign's places stream, appended at the version read. */
async function onPlaces<R>(
  store: EventStore,
  context: CommandContext,
  campaignId: string,
  name: string,
  input: unknown,
  build: () => Promise<RafflePlacesCommand>,
  respond: (events: RafflePlacesEvent[], stockAfter: number) => R,
) {
  return store.execute(
    async () => {
      const decided = await decideOnStream(store, rafflePlacesStream(campaignId), rafflePlacesDecider, await build());
      const after = decided.events.reduce(evolvePlaces, decided.state);
      return { appends: decided.events.length > 0 ? [decided.append] : [], respond: () => respond(decided.events, after.stock.length) };
    },
    { metadata: metadataOf(context), idempotency: idempotencyOf(context, name, input), maxAttempts: PLACES_ATTEMPTS },
  );
}

const tally =
  (campaignId: string) =>
  (events: RafflePlacesEvent[], vouchersInStock: number): AwardsAnswer => ({
    campaignId,
    awarded: events.filter((e) => e.type === 'RaffleVoucherAwarded').length,
    forfeited: events.filter((e) => e.type === 'RaffleAwardForfeited').length,
    vouchersInStock,
  });

@CommandHandler(AddRaffleVouchersCommand)
export class AddRaffleVouchersHandler implements ICommandHandler<AddRaffleVouchersCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly rounds: RoundContext,
  ) {}

  execute({ context, campaignId, vouchers }: AddRaffleVouchersCommand) {
    return onPlaces(
      this.store,
      context,
      campaignId,
      'AddRaffleVouchers',
      { campaignId, vouchers },
      async () => {
        // campaign_not_found: no stock for a campaign that does not exist
        return { type: 'AddVouchers', campaignId, actor: context.actor, now: await this.rounds.now(campaignId), vouchers };
      },
      (events, vouchersInStock) => ({
        campaignId,
        added: events.length > 0 && events[0].type === 'RaffleVouchersAdded' ? events[0].data.vouchers.length : 0,
        vouchersInStock,
      }),
    );
  }
}

@CommandHandler(SettleRaffleAwardsCommand)
export class SettleRaffleAwardsHandler implements ICommandHandler<SettleRaffleAwardsCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly terms: AwardTermsReader,
  ) {}

  execute({ context, campaignId }: SettleRaffleAwardsCommand) {
    return onPlaces(
      this.store,
      context,
      campaignId,
      'SettleRaffleAwards',
      { campaignId },
      async () => ({ ...(await this.terms.read(context, campaignId)), type: 'SettleAwards' }),
      tally(campaignId),
    );
  }
}

@CommandHandler(DisqualifyRaffleWinnerCommand)
export class DisqualifyRaffleWinnerHandler implements ICommandHandler<DisqualifyRaffleWinnerCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly terms: AwardTermsReader,
  ) {}

  execute({ context, campaignId, entryId, note }: DisqualifyRaffleWinnerCommand) {
    return onPlaces(
      this.store,
      context,
      campaignId,
      'DisqualifyRaffleWinner',
      { campaignId, entryId, note },
      async () => ({ ...(await this.terms.read(context, campaignId)), type: 'DisqualifyWinner', entryId, note }),
      tally(campaignId),
    );
  }
}

@CommandHandler(ConfirmRaffleAwardCommand)
export class ConfirmRaffleAwardHandler implements ICommandHandler<ConfirmRaffleAwardCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly rounds: RoundContext,
  ) {}

  async execute({ context, campaignId, entryId }: ConfirmRaffleAwardCommand) {
    const result = await onPlaces(
      this.store,
      context,
      campaignId,
      'ConfirmRaffleAward',
      { campaignId, entryId },
      async () => ({
        type: 'ConfirmAward',
        campaignId,
        actor: context.actor,
        now: await this.rounds.now(campaignId),
        entryId,
        winnerCitizenId: await this.winnerOf(campaignId, entryId),
      }),
      () => null,
    );
    const { state } = await this.store.aggregate(rafflePlacesStream(campaignId), rafflePlacesDecider);
    const award = state.awards[entryId];
    if (!award) throw new NotFoundError('award', entryId);
    return { ...result, response: { campaignId, entryId, status: 'confirmed' as const, voucher: { ...award.voucher } } };
  }

  /** The citizen who submitted the certification behind the award's entry. */
  private async winnerOf(campaignId: string, entryId: string): Promise<string | null> {
    const { state } = await this.store.aggregate(rafflePlacesStream(campaignId), rafflePlacesDecider);
    const certificationId = state.awards[entryId]?.certificationId;
    if (!certificationId) return null;
    const certification = await this.store.aggregate(raffleCertificationStream(certificationId), raffleCertificationDecider);
    return certification.state.status === 'none' ? null : certification.state.citizenId;
  }
}

export const RAFFLE_AWARD_HANDLERS = [
  AddRaffleVouchersHandler,
  SettleRaffleAwardsHandler,
  DisqualifyRaffleWinnerHandler,
  ConfirmRaffleAwardHandler,
];
