import { type CalendarMonth, seoulDate, seoulMonth } from '@goodpay/shared';
import type { Decider } from '@goodpay/event-store';
import {
  InvalidInputError,
  type Krw,
  type KrwFigure,
  KRW_LIMITS,
  krwFigure,
  positiveKrw,
  RuleViolationError,
  sumKrw,
} from '@goodpay/shared';
import { cardLast4 } from './card-reference';
import type { DonorRef } from './donor';
import type { CashbackDonated, DonationReceiptIssued, DonationSource, DonorEvent, PledgeDonated, ReceiptItem } from './events';

export interface DonationRecord {
  source: DonationSource;
  amount: Krw;
  donatedOn: string;
  donatedAt: string;
  receiptId: string | null;
}

export interface DonorState {
  /** Every donation of the donor, by id, with the receipt that claimed it. */
  donations: ReadonlyMap<string, DonationRecord>;
  /** Given so far from each month's cashback: exact, even over donations made before the maxima. */
  donatedByCashbackMonth: ReadonlyMap<CalendarMonth, KrwFigure>;
}

/** A citizen gives cashback. `cardReference` is masked here; only its last 4 digits go on. */
export interface DonateCashback {
  type: 'DonateCashback';
  donationId: string;
  donor: DonorRef;
  amount: Krw;
  reportedCashback: Krw;
  cashbackMonth: CalendarMonth;
  cardReference: string;
  now: string;
}

/** A closed settlement's pledge becomes the merchant's donation; seen again, it changes nothing. */
export interface AccruePledge {
  type: 'AccruePledge';
  donationId: string;
  donor: DonorRef;
  settlementId: string;
  amount: Krw;
  settlementDay: string;
  closedAt: string;
}

/** A receipt for every donation of `year` no receipt claims yet; `number` comes from the year's counter. */
export interface IssueReceipt {
  type: 'IssueReceipt';
  donor: DonorRef;
  year: number;
  number: number;
  receiptId: string;
  donorName: string;
  now: string;
}

export type DonorCommand = DonateCashback | AccruePledge | IssueReceipt;

export const initialDonorState = (): DonorState => ({ donations: new Map(), donatedByCashbackMonth: new Map() });

const withDonation = (state: DonorState, id: string, record: DonationRecord): DonorState => ({
  ...state,
  donations: new Map(state.donations).set(id, record),
});

function claim(state: DonorState, donationIds: readonly string[], receiptId: string | null): DonorState {
  const donations = new Map(state.donations);
  for (const id of donationIds) {
    const donation = donations.get(id);
    if (donation) donations.set(id, { ...donation, receiptId });
  }
  return { ...state, donations };
}

export function evolveDonor(state: DonorState, event: DonorEvent): DonorState {
  switch (event.type) {
    case 'CashbackDonated': {
      const { donationId, amount, donatedOn, donatedAt, cashbackMonth } = event.data;
      const next = withDonation(state, donationId, { source: 'cashback', amount, donatedOn, donatedAt, receiptId: null });
      const given = (state.donatedByCashbackMonth.get(cashbackMonth) ?? 0n) + krwFigure(amount);
      return { ...next, donatedByCashbackMonth: new Map(state.donatedByCashbackMonth).set(cashbackMonth, given) };
    }
    case 'PledgeDonated': {
      const { donationId, amount, donatedOn, donatedAt } = event.data;
      return withDonation(state, donationId, { source: 'pledge', amount, donatedOn, donatedAt, receiptId: null });
    }
    case 'DonationReceiptIssued':
      return claim(
        state,
        event.data.items.map((item) => item.donationId),
        event.data.receiptId,
      );
    case 'DonationsReceipted':
      return claim(state, event.data.donationIds, event.data.receiptId);
    case 'DonationsReleased':
      return claim(state, event.data.donationIds, null);
    // Nothing given yet, or nothing given: the card's stream holds what they decide.
    case 'CashbackDonationPending':
    case 'CashbackDonationRefused':
      return state;
  }
}

const MONTH_SHAPE = /^\d{4}-(0[1-9]|1[0-2])$/;

function donateCashback(command: DonateCashback, state: DonorState): CashbackDonated[] {
  if (command.donor.type !== 'citizen')
    throw new InvalidInputError('only citizens donate cashback', { donorType: command.donor.type }, 'invalid_donor');
  // The same donation seen again (a retry that got this far): already given.
  if (state.donations.has(command.donationId)) return [];
  // The citizen's own report is all the cap has (no cashback source yet): bounded by the most
  // cashback a month can pay, so no report can open an unbounded gift.
  const amount = positiveKrw(command.amount, KRW_LIMITS.monthlyCashback, 'amount', 'invalid_amount');
  const reportedCashback = positiveKrw(command.reportedCashback, KRW_LIMITS.monthlyCashback, 'reportedCashback', 'invalid_cashback');
  const month = command.cashbackMonth;
  if (typeof month !== 'string' || !MONTH_SHAPE.test(month)) {
    throw new InvalidInputError(
      'cashbackMonth must be a month YYYY-MM',
      { field: 'cashbackMonth', value: month },
      'invalid_cashback_month',
    );
  }
  if (month > seoulMonth(command.now)) {
    throw new RuleViolationError('cashback_month_in_future', `no cashback has been paid for ${month} yet`, { cashbackMonth: month });
  }
  const last4 = cardLast4(command.cardReference);
  const already = state.donatedByCashbackMonth.get(month) ?? 0n;
  if (already + BigInt(amount) > BigInt(reportedCashback)) {
    throw new RuleViolationError(
      'donation_exceeds_cashback',
      `${already + BigInt(amount)} won would be given from the ${month} cashback, more than the ${reportedCashback} won reported`,
      { cashbackMonth: month, reportedCashback, alreadyDonated: already, amount },
    );
  }
  return [
    {
      type: 'CashbackDonated',
      data: {
        donationId: command.donationId,
        donor: command.donor,
        amount,
        cashbackMonth: month,
        reportedCashback,
        cardLast4: last4,
        donatedAt: command.now,
        donatedOn: seoulDate(command.now),
      },
    },
  ];
}

function accruePledge(command: AccruePledge, state: DonorState): PledgeDonated[] {
  if (command.donor.type !== 'merchant')
    throw new InvalidInputError('only merchants pledge', { donorType: command.donor.type }, 'invalid_donor');
  // Seen before (a replay, a rebuilt subscriber), or nothing pledged: nothing to give.
  if (state.donations.has(command.donationId) || command.amount === 0) return [];
  return [
    {
      type: 'PledgeDonated',
      data: {
        donationId: command.donationId,
        donor: command.donor,
        amount: positiveKrw(command.amount, KRW_LIMITS.settledAmount, 'pledge', 'invalid_amount'),
        settlementId: command.settlementId,
        donatedOn: command.settlementDay,
        donatedAt: command.closedAt,
      },
    },
  ];
}

const yearOf = (day: string): number => Number(day.slice(0, 4));

/** The most one donation of each kind can be now: what an official receipt may certify. */
const RECEIPTABLE_MAX: Record<DonationSource, number> = { cashback: KRW_LIMITS.monthlyCashback.max, pledge: KRW_LIMITS.settledAmount.max };

/**
 * A donation above its kind's maximum can only come from the log before the maxima existed
 * (a self-reported cashback of quadrillions): it stays in the donor's list and the figures, but
 * no official receipt certifies it; staff settle it by hand.
 */
export const isReceiptable = (donation: { source: DonationSource; amount: Krw }): boolean =>
  donation.amount <= RECEIPTABLE_MAX[donation.source];

/** The donor's donations of `year` on no receipt, oldest first: what the next receipt lists. */
export function unreceiptedItems(state: DonorState, year: number): (ReceiptItem & { donatedAt: string })[] {
  return [...state.donations]
    .filter(([, donation]) => donation.receiptId === null && yearOf(donation.donatedOn) === year && isReceiptable(donation))
    .sort(([a, x], [b, y]) => (x.donatedAt < y.donatedAt ? -1 : x.donatedAt > y.donatedAt ? 1 : a < b ? -1 : 1))
    .map(([donationId, donation]) => ({
      donationId,
      source: donation.source,
      amount: donation.amount,
      donatedOn: donation.donatedOn,
      donatedAt: donation.donatedAt,
    }));
}

function issueReceipt(command: IssueReceipt, state: DonorState): DonationReceiptIssued[] {
  const { year } = command;
  if (!Number.isInteger(year) || year < 2000)
    throw new InvalidInputError('year must be a year like 2025', { field: 'year', value: year }, 'invalid_year');
  const issuedOn = seoulDate(command.now);
  if (year > yearOf(issuedOn)) throw new RuleViolationError('receipt_year_in_future', `${year} has not begun yet`, { year });
  const items = unreceiptedItems(state, year);
  // Everything is on a receipt already: a repeated run issues nothing.
  if (items.length === 0) return [];
  const total = sumKrw(items.map((item) => item.amount));
  // Receiptable items are bounded, so only a corrupted log gets here: refuse rather than round.
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RuleViolationError('receipt_total_out_of_range', `the receipt would total ${total} won`, { total: total.toString() });
  }
  return [
    {
      type: 'DonationReceiptIssued',
      data: {
        receiptId: command.receiptId,
        year,
        number: command.number,
        donor: command.donor,
        donorName: command.donorName,
        items: items.map(({ donatedAt: _at, ...item }) => item),
        total: Number(total),
        issuedAt: command.now,
        issuedOn,
      },
    },
  ];
}

export const donorDecider: Decider<DonorState, DonorCommand, DonorEvent> = {
  initialState: initialDonorState,
  evolve: evolveDonor,
  decide: (command, state) => {
    switch (command.type) {
      case 'DonateCashback':
        return donateCashback(command, state);
      case 'AccruePledge':
        return accruePledge(command, state);
      case 'IssueReceipt':
        return issueReceipt(command, state);
    }
  },
};

/** True when the donor has a donation of `year` that no receipt claims. */
export const hasUnreceipted = (state: DonorState, year: number): boolean =>
  [...state.donations.values()].some(
    (donation) => donation.receiptId === null && yearOf(donation.donatedOn) === year && isReceiptable(donation),
  );
