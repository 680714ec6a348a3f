import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore, idempotencyOf, metadataOf } from '@goodpay/event-store';
import { Clock, ForbiddenError, type Krw, newId } from '@goodpay/shared';
import { COMMUNITY_CHEST_STREAM, creditFor } from '../chest/events';
import { cardLast4 } from '../donor/card-reference';
import { donorDecider } from '../donor/decider';
import { type DonorRef, donorStream } from '../donor/donor';

export interface DonateCashbackInput {
  amount: Krw;
  /** The cashback the citizen received for `cashbackMonth`, as they report it. */
  reportedCashback: Krw;
  cashbackMonth: string;
  /** The card number or its last 4 digits; only the last 4 are kept. */
  cardReference: string;
}

export class DonateCashbackCommand extends Command<CommandResult<{ donationId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: DonateCashbackInput,
  ) {
    super();
  }
}

/**
 * A citizen (the token's subject) gives cashback to the community chest: the donation on the
 * donor's stream (where the month's cap is decided) and the chest's credit, in one append.
 */
@CommandHandler(DonateCashbackCommand)
export class DonateCashbackHandler implements ICommandHandler<DonateCashbackCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ context, input }: DonateCashbackCommand) {
    if (context.actor.role !== 'citizen') throw new ForbiddenError('only citizens donate cashback', 'wrong_role');
    const donor: DonorRef = { type: 'citizen', id: context.actor.id };
    const donationId = newId();
    // What the Idempotency-Key promises, without the card number: only its last 4 digits are kept anywhere.
    const { cardReference, ...rest } = input;
    const promised = { ...rest, cardLast4: cardLast4(cardReference) };
    return this.store.execute(
      async () => {
        const { state, version } = await this.store.aggregate(donorStream(donor), donorDecider);
        const events = donorDecider.decide(
          { type: 'DonateCashback', donationId, donor, ...input, now: this.clock.now().toISOString() },
          state,
        );
        const credits = events.map(creditFor).filter((credit) => credit !== null);
        return {
          appends: [
            { streamId: donorStream(donor), expectedVersion: version, events },
            { streamId: COMMUNITY_CHEST_STREAM, expectedVersion: 'any', events: credits },
          ],
          respond: () => ({ donationId }),
        };
      },
      // Two donations at once from the same month's cashback: the loser decides again on the new total.
      { metadata: metadataOf(context), idempotency: idempotencyOf(context, 'DonateCashback', promised), maxAttempts: 5 },
    );
  }
}
