import {
  appendToStream,
  decideInProcess,
  type EventMetadata,
  fold,
  type ProcessContext,
  type ProcessManager,
  readStream,
  type RecordedOf,
} from '@goodpay/event-store';
import { seoulDate } from '@goodpay/shared';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { COMMUNITY_CHEST_STREAM, creditFor } from '../chest/events';
import { donorStream } from '../donor/donor';
import type { CashbackDonated, CashbackDonationRefused } from '../donor/events';
import { cashbackCardDecider } from './card-decider';
import { type CashbackCardEvent, type CashbackFigureImported, cashbackCardStream } from './events';

export const CASHBACK_FIGURES = 'cashback-figures';

/**
 * A process manager: when a card issuer's figure arrives for a card and month, it decides the
 * gifts that were waiting for it, in the order they were reported: each one the figure can
 * still hold is given (CashbackDonated with the same id on the donor's stream, and the chest's
 * credit); the rest are refused whole. Everything is appended in the consumer's checkpoint
 * transaction; the card stream's `seen` and awaiting list make a replay append nothing.
 */
export class CashbackFiguresProcess implements ProcessManager<CashbackFigureImported> {
  readonly kind = 'process-manager';
  readonly name = CASHBACK_FIGURES;
  readonly eventTypes: readonly CashbackFigureImported['type'][] = ['CashbackFigureImported'];

  /** Each figure's card stream, the donors waiting on it, and the chest. */
  async streams(events: readonly RecordedOf<CashbackFigureImported>[], { sql, schemas }: ProcessContext): Promise<string[]> {
    const streams = [COMMUNITY_CHEST_STREAM];
    for (const { data } of events) {
      const streamId = cashbackCardStream(data.card, data.month);
      const { events: cardEvents } = await readStream(sql, schemas, streamId);
      const state = fold(cashbackCardDecider, cardEvents as unknown as CashbackCardEvent[]);
      streams.push(streamId, ...state.awaiting.map((gift) => donorStream(gift.donor)));
    }
    return streams;
  }

  async handle(events: readonly RecordedOf<CashbackFigureImported>[], context: ProcessContext): Promise<void> {
    for (const event of events) {
      try {
        await this.decide(event, context);
      } catch (error) {
        throw new Error(`${this.name} failed at position ${event.globalPosition}: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  private async decide(event: RecordedOf<CashbackFigureImported>, context: ProcessContext): Promise<void> {
    const { card, month, cardLast4 } = event.data;
    const metadata: EventMetadata = { correlationId: event.metadata.correlationId, causationId: event.id, actor: SYSTEM_ACTOR };
    const streamId = cashbackCardStream(card, month);
    const { state, events: decided } = await decideInProcess(
      context,
      streamId,
      cashbackCardDecider,
      { type: 'DecideAwaiting', card, month },
      metadata,
    );
    if (decided.length === 0) return;
    const { sql, schemas } = context;
    const reportedAt = new Map(state.awaiting.map((gift) => [gift.donationId, gift.reportedAt]));
    for (const outcome of decided) {
      const { donationId, donor, amount } = outcome.data as {
        donationId: string;
        donor: CashbackDonated['data']['donor'];
        amount: number;
      };
      const at = reportedAt.get(donationId) ?? event.data.importedAt;
      if (outcome.type === 'CashbackDrawn') {
        // The gift counts from when it was reported: the cashback was the citizen's then.
        const donated: CashbackDonated = {
          type: 'CashbackDonated',
          data: {
            donationId,
            donor,
            amount,
            cashbackMonth: month,
            reportedCashback: state.figure!,
            cardLast4,
            donatedAt: at,
            donatedOn: seoulDate(at),
          },
        };
        await appendToStream(sql, schemas, { streamId: donorStream(donor), expectedVersion: 'any', events: [donated] }, metadata);
        await appendToStream(
          sql,
          schemas,
          { streamId: COMMUNITY_CHEST_STREAM, expectedVersion: 'any', events: [creditFor(donated)!] },
          metadata,
        );
      } else if (outcome.type === 'CashbackReportRefused') {
        const refused: CashbackDonationRefused = {
          type: 'CashbackDonationRefused',
          data: {
            donationId,
            donor,
            amount,
            cashbackMonth: month,
            importedCashback: outcome.data.figure,
            alreadyDonated: outcome.data.alreadyDrawn,
            refusedAt: event.data.importedAt,
          },
        };
        await appendToStream(sql, schemas, { streamId: donorStream(donor), expectedVersion: 'any', events: [refused] }, metadata);
      }
    }
  }
}
