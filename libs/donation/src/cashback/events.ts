import type { CalendarMonth } from '@goodpay/shared';
import type { DomainEvent } from '@goodpay/event-store';
import type { Krw } from '@goodpay/shared';
import type { DonorRef } from '../donor/donor';

/**
 * One stream per card and cashback month: the card issuer's figure for it and every gift drawn
 * from it, so "what was given from a card's month never exceeds the figure the issuer paid" is
 * decided on one stream at one version. `card` is the card's random subject in the personal-data
 * vault's sealed index: neither the log nor a table holds the card number.
 */
export const cashbackCardStream = (card: string, month: CalendarMonth): string => `cashback-card-${card}-${month}`;

/** Staff imported the issuer's monthly file: this card was paid `figure` won of cashback for `month`. */
export type CashbackFigureImported = DomainEvent<
  'CashbackFigureImported',
  { card: string; cardLast4: string; month: CalendarMonth; figure: Krw; importId: string; importedAt: string }
>;

/** A gift reported before the card's figure arrived: it waits, and the figure decides it. */
export type CashbackReportAwaiting = DomainEvent<
  'CashbackReportAwaiting',
  { card: string; month: CalendarMonth; donationId: string; donor: DonorRef; amount: Krw; reportedAt: string }
>;

/** A gift accepted within the figure. */
export type CashbackDrawn = DomainEvent<
  'CashbackDrawn',
  { card: string; month: CalendarMonth; donationId: string; donor: DonorRef; amount: Krw }
>;

/** A waiting gift the figure could not hold. */
export type CashbackReportRefused = DomainEvent<
  'CashbackReportRefused',
  { card: string; month: CalendarMonth; donationId: string; donor: DonorRef; amount: Krw; figure: Krw; alreadyDrawn: string }
>;

export type CashbackCardEvent = CashbackFigureImported | CashbackReportAwaiting | CashbackDrawn | CashbackReportRefused;
