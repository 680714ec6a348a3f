import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore, idempotencyOf, metadataOf } from '@goodpay/event-store';
import { paymentCardIdentity, PersonalDataVault } from '@goodpay/personal-data';
import { Clock, ForbiddenError, InvalidInputError, type Krw, KRW_LIMITS, newId } from '@goodpay/shared';
import { cashbackCardDecider } from '../cashback/card-decider';
import { cashbackCardStream } from '../cashback/events';
import { COMMUNITY_CHEST_STREAM, creditFor } from '../chest/events';
import { cardLast4 } from '../donor/card-reference';
import { donorDecider } from '../donor/decider';
import { type DonorRef, donorStream } from '../donor/donor';
import type { CashbackDonated, CashbackDonationPending } from '../donor/events';
import { DONATION_OPTIONS, type ResolvedDonationOptions } from '../options/donation-options';

export interface DonateCashbackInput {
  amount: Krw;
  /**
   * The cashback the citizen received for `cashbackMonth`, as they report it. With
   * CASHBACK_FIGURES=self-reported it is the cap; with `imported` the card issuer's figure is,
   * and this is optional.
   */
  reportedCashback?: Krw;
  cashbackMonth: string;
  /** The card number (or, when self-reported, its last 4 digits); only the last 4 are kept. */
  cardReference: string;
}

export class DonateCashbackCommand extends Command<CommandResult<{ donationId: string; status: 'donated' | 'pending' }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: DonateCashbackInput,
  ) {
    super();
  }
}

/**
 * A citizen (the token's subject) gives cashback to the community chest: the donation on the
 * donor's stream and the chest's credit, in one append. Capped by the card issuer's imported
 * figure for the card and month (CASHBACK_FIGURES=imported): within it the gift is given at
 * once; beyond it, refused; without a figure yet, it waits (pending) and the import decides it.
 * With `self-reported` the cap is what the citizen reports (development, or a campaign whose
 * issuer sends no files).
 */
@CommandHandler(DonateCashbackCommand)
export class DonateCashbackHandler implements ICommandHandler<DonateCashbackCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(DONATION_OPTIONS) private readonly options: ResolvedDonationOptions,
    @Optional() @Inject(PersonalDataVault) private readonly vault?: PersonalDataVault,
  ) {}

  async execute({ context, input }: DonateCashbackCommand) {
    if (context.actor.role !== 'citizen') throw new ForbiddenError('only citizens donate cashback', 'wrong_role');
    const donor: DonorRef = { type: 'citizen', id: context.actor.id };
    const donationId = newId();
    // What the Idempotency-Key promises, without the card number: only its last 4 digits are kept anywhere.
    const { cardReference, ...rest } = input;
    const promised = { ...rest, cardLast4: cardLast4(cardReference) };
    const imported = this.options.cashbackFigures === 'imported';
    const card = imported ? await this.cardSubject(cardReference) : null;
    return this.store.execute<{ donationId: string; status: 'donated' | 'pending' }>(
      async () => {
        const now = this.clock.now().toISOString();
        const { state, version } = await this.store.aggregate(donorStream(donor), donorDecider);
        // The donor's rules (amount, month, card shape, the month's own cap) decide first.
        const reportedCashback = input.reportedCashback ?? (imported ? KRW_LIMITS.monthlyCashback.max : undefined);
        if (reportedCashback === undefined) {
          throw new InvalidInputError('reportedCashback is required', { field: 'reportedCashback' }, 'validation_failed');
        }
        const events = donorDecider.decide({ type: 'DonateCashback', donationId, donor, ...input, reportedCashback, now }, state);
        if (!card || events.length === 0) {
          const credits = events.map(creditFor).filter((credit) => credit !== null);
          return {
            appends: [
              { streamId: donorStream(donor), expectedVersion: version, events },
              { streamId: COMMUNITY_CHEST_STREAM, expectedVersion: 'any', events: credits },
            ],
            respond: () => ({ donationId, status: 'donated' as const }),
          };
        }
        const donated = events[0] as CashbackDonated;
        const month = donated.data.cashbackMonth;
        const cardNow = await this.store.aggregate(cashbackCardStream(card, month), cashbackCardDecider);
        const decided = cashbackCardDecider.decide(
          { type: 'ReportGift', card, month, donationId, donor, amount: donated.data.amount, now },
          cardNow.state,
        );
        const cardAppend = { streamId: cashbackCardStream(card, month), expectedVersion: cardNow.version, events: decided };
        if (decided[0]?.type === 'CashbackReportAwaiting') {
          const pending: CashbackDonationPending = {
            type: 'CashbackDonationPending',
            data: {
              donationId,
              donor,
              amount: donated.data.amount,
              cashbackMonth: month,
              cardLast4: donated.data.cardLast4,
              reportedAt: now,
            },
          };
          return {
            appends: [{ streamId: donorStream(donor), expectedVersion: version, events: [pending] }, cardAppend],
            respond: () => ({ donationId, status: 'pending' as const }),
          };
        }
        // Within the issuer's figure: the figure is what the gift is checked against, so it is what the event records.
        const given: CashbackDonated = {
          ...donated,
          data: { ...donated.data, reportedCashback: cardNow.state.figure ?? donated.data.reportedCashback },
        };
        return {
          appends: [
            { streamId: donorStream(donor), expectedVersion: version, events: [given] },
            cardAppend,
            { streamId: COMMUNITY_CHEST_STREAM, expectedVersion: 'any', events: [creditFor(given)!] },
          ],
          respond: () => ({ donationId, status: 'donated' as const }),
        };
      },
      // Two donations at once from the same month's cashback: the loser decides again on the new total.
      { metadata: metadataOf(context), idempotency: idempotencyOf(context, 'DonateCashback', promised), maxAttempts: 5 },
    );
  }

  /** The card's random subject in the vault's sealed index: the key the issuer's figures are filed under. */
  private async cardSubject(cardReference: string): Promise<string> {
    if (!this.vault) throw new Error('the personal-data vault is not registered in this process');
    const digits = typeof cardReference === 'string' ? cardReference.replace(/[ -]/g, '') : '';
    if (!/^\d{12,19}$/.test(digits)) {
      throw new InvalidInputError(
        "the whole card number is needed: the card issuer's figures are matched by card (only its last 4 digits are kept)",
        { field: 'cardReference' },
        'card_number_required',
      );
    }
    return this.vault.subjectFor(paymentCardIdentity(digits));
  }
}
