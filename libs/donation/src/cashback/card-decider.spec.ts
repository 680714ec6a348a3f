import { spec } from '../../../event-store/src/decider/testing';
import { cashbackCardDecider, type ReportGift } from './card-decider';
import type { CashbackDrawn, CashbackFigureImported, CashbackReportAwaiting, CashbackReportRefused } from './events';

const card = 'subject-card-1';
const month = '2025-01';
const donor = { type: 'citizen' as const, id: 'c-1' };
const now = '2025-02-03T01:00:00.000Z';
const cards = spec(cashbackCardDecider);

const report = (donationId: string, amount: number): ReportGift => ({ type: 'ReportGift', card, month, donationId, donor, amount, now });
const imported = (figure: number): CashbackFigureImported => ({
  type: 'CashbackFigureImported',
  data: { card, cardLast4: '4321', month, figure, importId: 'i-1', importedAt: now },
});
const drawn = (donationId: string, amount: number): CashbackDrawn => ({
  type: 'CashbackDrawn',
  data: { card, month, donationId, donor, amount },
});
const awaiting = (donationId: string, amount: number): CashbackReportAwaiting => ({
  type: 'CashbackReportAwaiting',
  data: { card, month, donationId, donor, amount, reportedAt: now },
});

describe('cashback card decider: the card issuer’s figure caps what a card’s month gives', () => {
  it('gives 25,000 then refuses 30,000 more against an imported 40,000 (refused whole, never cut down)', () => {
    cards
      .given([imported(40_000)])
      .when(report('d-1', 25_000))
      .then([drawn('d-1', 25_000)]);
    const refusal = cards
      .given([imported(40_000), drawn('d-1', 25_000)])
      .when(report('d-2', 30_000))
      .then('donation_exceeds_cashback');
    expect(refusal).toMatchObject({ details: { importedCashback: 40_000, alreadyDonated: 25_000n, amount: 30_000 } });
    cards
      .given([imported(40_000), drawn('d-1', 25_000)])
      .when(report('d-2', 15_000))
      .then([drawn('d-2', 15_000)]);
  });

  it('lets a report wait without a figure, and decides the waiting ones in order once it arrives', () => {
    cards
      .given([])
      .when(report('d-1', 25_000))
      .then([awaiting('d-1', 25_000)]);
    const refused: CashbackReportRefused = {
      type: 'CashbackReportRefused',
      data: { card, month, donationId: 'd-2', donor, amount: 30_000, figure: 40_000, alreadyDrawn: '25000' },
    };
    cards
      .given([awaiting('d-1', 25_000), awaiting('d-2', 30_000), awaiting('d-3', 15_000), imported(40_000)])
      .when({ type: 'DecideAwaiting', card, month })
      .then([drawn('d-1', 25_000), refused, drawn('d-3', 15_000)]);
    // The figure is in but earlier gifts are not decided yet: a new one queues behind them.
    cards
      .given([awaiting('d-1', 25_000), imported(40_000)])
      .when(report('d-2', 1_000))
      .then([awaiting('d-2', 1_000)]);
    // Decided once: seen again, nothing.
    cards
      .given([awaiting('d-1', 25_000), imported(40_000), drawn('d-1', 25_000)])
      .when({ type: 'DecideAwaiting', card, month })
      .then([]);
  });

  it('takes the same figure again as nothing new, a corrected one as the new figure, and a retried report once', () => {
    cards
      .given([imported(40_000)])
      .when({ type: 'ImportFigure', card, cardLast4: '4321', month, figure: 40_000, importId: 'i-2', now })
      .then([]);
    cards
      .given([imported(40_000)])
      .when({ type: 'ImportFigure', card, cardLast4: '4321', month, figure: 45_000, importId: 'i-2', now })
      .then([
        { type: 'CashbackFigureImported', data: { card, cardLast4: '4321', month, figure: 45_000, importId: 'i-2', importedAt: now } },
      ]);
    cards
      .given([imported(40_000), drawn('d-1', 25_000)])
      .when(report('d-1', 25_000))
      .then([]);
  });
});
