import type { CalendarDate, CalendarMonth } from '@goodpay/shared';
import type { DomainEvent } from '@goodpay/event-store';
import type { Krw } from '@goodpay/shared';
import type { DonorRef } from './donor';

/**
 * A citizen gives (part of) the local-currency cashback they report for a month. The cap is
 * per donor and cashback month: everything donated from that month's cashback, this included,
 * is at most the cashback reported now (cashback grows during a month, so the latest report
 * is the one that counts; one lower than what was already given is refused).
 */
export type CashbackDonated = DomainEvent<
  'CashbackDonated',
  {
    donationId: string;
    donor: DonorRef;
    amount: Krw;
    cashbackMonth: CalendarMonth;
    reportedCashback: Krw;
    /** Never the full card number: personal data. */
    cardLast4: string;
    donatedAt: string;
    /** The Seoul day: its year is the receipt year. */
    donatedOn: CalendarDate;
  }
>;

/** A donation-angel merchant's pledge, withheld from one closed settlement, given to the community chest. */
export type PledgeDonated = DomainEvent<
  'PledgeDonated',
  {
    /** Derived from the settlement id: the same settlement can only ever give once. */
    donationId: string;
    donor: DonorRef;
    amount: Krw;
    settlementId: string;
    /** The Seoul day of the settled sales: the donation's day, and its year the receipt year. */
    donatedOn: CalendarDate;
    /** When the settlement closed. */
    donatedAt: string;
  }
>;

export type DonationSource = 'cashback' | 'pledge';

/** One donation as a receipt lists it. */
export interface ReceiptItem {
  donationId: string;
  source: DonationSource;
  amount: Krw;
  donatedOn: CalendarDate;
}

/**
 * A receipt for the donor's donations of one year not on any receipt yet. Appended with the
 * year's ReceiptNumberAllocated in one transaction: the number and the claim stand or fall together.
 */
export type DonationReceiptIssued = DomainEvent<
  'DonationReceiptIssued',
  {
    receiptId: string;
    year: number;
    number: number;
    donor: DonorRef;
    /** The merchant's public name, or the citizen's masked id. */
    donorName: string;
    items: ReceiptItem[];
    total: Krw;
    issuedAt: string;
    issuedOn: CalendarDate;
  }
>;

export type DonorEvent = CashbackDonated | PledgeDonated | DonationReceiptIssued;
export const DONOR_EVENT_TYPES: DonorEvent['type'][] = ['CashbackDonated', 'PledgeDonated', 'DonationReceiptIssued'];
