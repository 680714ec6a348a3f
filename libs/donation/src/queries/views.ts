import type { KrwFigure } from '@goodpay/shared';
import type { DonorType } from '../donor/donor';
import type { DonationSource } from '../donor/events';

/** Money here is exact (bigint): a read must answer whatever the log holds. */
export interface DonationView {
  donationId: string;
  source: DonationSource;
  amount: KrwFigure;
  donatedAt: string;
  donatedOn: string;
  /** Cashback donations: the month of the cashback given, and the card as `****-1234`. */
  cashbackMonth: string | null;
  card: string | null;
  /** Pledges: the settlement they were withheld from. */
  settlementId: string | null;
  /** The receipt that lists it, once one was issued. */
  receiptId: string | null;
}

export interface DonorDonations {
  items: DonationView[];
  total: KrwFigure;
  unreceipted: KrwFigure;
  /** Gifts waiting for their card's imported cashback figure, or refused by it: not given, in no total. */
  reports: CashbackReportView[];
}

export interface CashbackReportView {
  donationId: string;
  donorId: string;
  amount: KrwFigure;
  cashbackMonth: string;
  card: string;
  status: 'pending' | 'donated' | 'refused';
  reportedAt: string;
  decidedAt: string | null;
}

export interface ReceiptSummary {
  receiptId: string;
  year: number;
  number: number;
  receiptNumber: string;
  total: KrwFigure;
  itemCount: number;
  issuedOn: string;
}

export interface ChestEntryView {
  entryId: string;
  kind: 'credit' | 'disbursement';
  /** Credits: where the money came from (no donor identity: the book is about the chest). */
  source: DonationSource | null;
  donorType: DonorType | null;
  /** Disbursements: the welfare project. */
  project: string | null;
  amount: KrwFigure;
  /** The balance after this entry, in log order. */
  balance: KrwFigure;
  occurredAt: string;
}

export interface ChestLedger {
  received: { cashback: KrwFigure; pledge: KrwFigure; total: KrwFigure };
  disbursed: KrwFigure;
  balance: KrwFigure;
  entries: ChestEntryView[];
  total: number;
  limit: number;
  offset: number;
}

export interface DonationFigures {
  /** Seoul months, oldest first. */
  byMonth: { month: string; citizen: KrwFigure; merchant: KrwFigure; total: KrwFigure; donations: number }[];
  byDonorType: { donorType: DonorType; amount: KrwFigure; donors: number; donations: number }[];
  /** Donation-angel merchants by what their pledges gave, public names only. */
  topMerchants: { rank: number; name: string; amount: KrwFigure }[];
  total: KrwFigure;
}
