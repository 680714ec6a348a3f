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
  /** On a person's tax receipt: the account (user id) that gave it. */
  account?: string;
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
    /**
     * A tax receipt (issue 16), on the person's receipt stream: keyed by the verified person
     * (libs/identity's person key), listing the donations of each of their accounts, with the
     * donor's tax identity sealed under the person (legal name, resident registration number)
     * and what the form printed about the recipient. Absent on the statements a staff run
     * issues per account.
     */
    tax?: TaxReceiptFacts;
  }
>;

/** What a tax receipt fixes when it is issued: the form is a legal document, so it records what it printed. */
export interface TaxReceiptFacts {
  person: string;
  /** The accounts (user ids) whose donations it lists. */
  accounts: string[];
  /** Legal name, resident registration number and address, sealed under `person` in the vault. */
  sealedIdentity: string;
  maskedRrn: string;
  typeCode: string;
  recipient: { name: string; englishName: string; legalBasis: string; registrationNumber: string | null; address: string | null };
}

/** Donations of this donor claimed by a person's tax receipt (issued on the person's receipt stream in the same append). */
export type DonationsReceipted = DomainEvent<'DonationsReceipted', { receiptId: string; person: string; donationIds: string[] }>;

/** A cancelled receipt gives its donations back: a later receipt may list them. */
export type DonationsReleased = DomainEvent<'DonationsReleased', { receiptId: string; donationIds: string[] }>;

/**
 * CASHBACK_FIGURES=imported: a gift reported before the card issuer's figure for its card and
 * month arrived. Nothing is given yet (no credit to the chest); the figure decides it: it
 * becomes a CashbackDonated with the same id, or a CashbackDonationRefused.
 */
export type CashbackDonationPending = DomainEvent<
  'CashbackDonationPending',
  { donationId: string; donor: DonorRef; amount: Krw; cashbackMonth: CalendarMonth; cardLast4: string; reportedAt: string }
>;

/** A waiting gift the imported figure could not hold: refused whole, never cut down. */
export type CashbackDonationRefused = DomainEvent<
  'CashbackDonationRefused',
  {
    donationId: string;
    donor: DonorRef;
    amount: Krw;
    cashbackMonth: CalendarMonth;
    importedCashback: Krw;
    alreadyDonated: string;
    refusedAt: string;
  }
>;

export type DonorEvent =
  | CashbackDonated
  | PledgeDonated
  | DonationReceiptIssued
  | DonationsReceipted
  | DonationsReleased
  | CashbackDonationPending
  | CashbackDonationRefused;
export const DONOR_EVENT_TYPES: DonorEvent['type'][] = [
  'CashbackDonationPending',
  'CashbackDonationRefused',
  'CashbackDonated',
  'PledgeDonated',
  'DonationReceiptIssued',
  'DonationsReceipted',
  'DonationsReleased',
];
