import type { Decider } from '@goodpay/event-store';
import { type Krw, type KrwFigure, krwFigure, RuleViolationError } from '@goodpay/shared';
import type { DonorRef } from '../donor/donor';
import type { CashbackCardEvent, CashbackDrawn, CashbackFigureImported, CashbackReportAwaiting, CashbackReportRefused } from './events';

export interface CashbackCardState {
  /** The issuer's latest figure for the card's month; null before any import. */
  figure: Krw | null;
  drawn: KrwFigure;
  /** Gifts waiting for the figure, in the order they were reported. */
  awaiting: { donationId: string; donor: DonorRef; amount: Krw; reportedAt: string }[];
  /** Every gift seen, decided or waiting: a retry changes nothing. */
  seen: ReadonlySet<string>;
}

export interface ReportGift {
  type: 'ReportGift';
  card: string;
  month: string;
  donationId: string;
  donor: DonorRef;
  amount: Krw;
  now: string;
}

export interface ImportFigure {
  type: 'ImportFigure';
  card: string;
  cardLast4: string;
  month: string;
  figure: Krw;
  importId: string;
  now: string;
}

/** The figure is there: decide every waiting gift, in order. */
export interface DecideAwaiting {
  type: 'DecideAwaiting';
  card: string;
  month: string;
}

export type CashbackCardCommand = ReportGift | ImportFigure | DecideAwaiting;

const initialState = (): CashbackCardState => ({ figure: null, drawn: 0n, awaiting: [], seen: new Set() });

function evolve(state: CashbackCardState, event: CashbackCardEvent): CashbackCardState {
  switch (event.type) {
    case 'CashbackFigureImported':
      return { ...state, figure: event.data.figure };
    case 'CashbackReportAwaiting':
      return {
        ...state,
        awaiting: [
          ...state.awaiting,
          { donationId: event.data.donationId, donor: event.data.donor, amount: event.data.amount, reportedAt: event.data.reportedAt },
        ],
        seen: new Set(state.seen).add(event.data.donationId),
      };
    case 'CashbackDrawn':
      return {
        ...state,
        drawn: state.drawn + krwFigure(event.data.amount),
        awaiting: state.awaiting.filter((gift) => gift.donationId !== event.data.donationId),
        seen: new Set(state.seen).add(event.data.donationId),
      };
    case 'CashbackReportRefused':
      return { ...state, awaiting: state.awaiting.filter((gift) => gift.donationId !== event.data.donationId) };
  }
}

/**
 * The cap from an authoritative source: gifts from a card's month never add up to more than the
 * figure the card issuer's file says was paid. A gift beyond it is refused, never cut down (the
 * citizen chose the amount). Without a figure yet, the gift waits; the import decides it.
 */
function decide(command: CashbackCardCommand, state: CashbackCardState): CashbackCardEvent[] {
  switch (command.type) {
    case 'ImportFigure': {
      // The same file imported again: nothing new. A corrected file's figure replaces the last.
      if (state.figure === command.figure) return [];
      const imported: CashbackFigureImported = {
        type: 'CashbackFigureImported',
        data: {
          card: command.card,
          cardLast4: command.cardLast4,
          month: command.month,
          figure: command.figure,
          importId: command.importId,
          importedAt: command.now,
        },
      };
      return [imported];
    }
    case 'ReportGift': {
      if (state.seen.has(command.donationId)) return [];
      const { card, month, donationId, donor, amount } = command;
      // Without a figure, or while earlier gifts still wait for the process manager to decide
      // them against it: this one queues behind them, so gifts are decided in the order reported.
      if (state.figure === null || state.awaiting.length > 0) {
        const awaiting: CashbackReportAwaiting = {
          type: 'CashbackReportAwaiting',
          data: { card, month, donationId, donor, amount, reportedAt: command.now },
        };
        return [awaiting];
      }
      if (state.drawn + krwFigure(amount) > krwFigure(state.figure)) {
        throw new RuleViolationError(
          'donation_exceeds_cashback',
          `${state.drawn + krwFigure(amount)} won would be given from the ${month} cashback of card ****-…, more than the ${state.figure} won the card issuer paid`,
          { cashbackMonth: month, importedCashback: state.figure, alreadyDonated: state.drawn, amount },
        );
      }
      const drawn: CashbackDrawn = { type: 'CashbackDrawn', data: { card, month, donationId, donor, amount } };
      return [drawn];
    }
    case 'DecideAwaiting': {
      if (state.figure === null) return [];
      const events: (CashbackDrawn | CashbackReportRefused)[] = [];
      let drawn = state.drawn;
      for (const gift of state.awaiting) {
        if (drawn + krwFigure(gift.amount) <= krwFigure(state.figure)) {
          drawn += krwFigure(gift.amount);
          const { reportedAt: _at, ...drawnGift } = gift;
          events.push({ type: 'CashbackDrawn', data: { card: command.card, month: command.month, ...drawnGift } });
        } else {
          events.push({
            type: 'CashbackReportRefused',
            data: {
              card: command.card,
              month: command.month,
              donationId: gift.donationId,
              donor: gift.donor,
              amount: gift.amount,
              figure: state.figure,
              alreadyDrawn: drawn.toString(),
            },
          });
        }
      }
      return events;
    }
  }
}

export const cashbackCardDecider: Decider<CashbackCardState, CashbackCardCommand, CashbackCardEvent> = { initialState, evolve, decide };
