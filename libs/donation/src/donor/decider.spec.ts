import { KRW_LIMITS } from '@goodpay/shared';
import { spec } from '../../../event-store/src/decider/testing';
import { type AccruePledge, type DonateCashback, donorDecider, type IssueReceipt } from './decider';
import type { DonorRef } from './donor';
import type { CashbackDonated, DonationReceiptIssued, DonorEvent, PledgeDonated } from './events';

const citizen: DonorRef = { type: 'citizen', id: 'citizen-1' };
const shop: DonorRef = { type: 'merchant', id: 'm-1' };
const donors = spec(donorDecider);
const given = (...history: DonorEvent[]) => donors.given(history);
const now = '2025-02-10T03:00:00.000Z';

const donate = (
  donationId: string,
  amount: number,
  reportedCashback: number,
  cashbackMonth = '2025-01',
  extra: Partial<DonateCashback> = {},
): DonateCashback => ({
  type: 'DonateCashback',
  donationId,
  donor: citizen,
  amount,
  reportedCashback,
  cashbackMonth,
  cardReference: '9410-1234-5678-4321',
  now,
  ...extra,
});
const donated = (donationId: string, amount: number, reportedCashback: number, cashbackMonth = '2025-01', at = now): CashbackDonated => ({
  type: 'CashbackDonated',
  data: {
    donationId,
    donor: citizen,
    amount,
    cashbackMonth,
    reportedCashback,
    cardLast4: '4321',
    donatedAt: at,
    donatedOn: at.slice(0, 10),
  },
});
const accrue = (settlementId: string, amount: number, settlementDay = '2025-01-13'): AccruePledge => ({
  type: 'AccruePledge',
  donationId: `pledge-${settlementId}`,
  donor: shop,
  settlementId,
  amount,
  settlementDay,
  closedAt: '2025-01-13T17:00:00.000Z',
});
const pledged = (settlementId: string, amount: number, donatedOn = '2025-01-13'): PledgeDonated => ({
  type: 'PledgeDonated',
  data: { donationId: `pledge-${settlementId}`, donor: shop, amount, settlementId, donatedOn, donatedAt: '2025-01-13T17:00:00.000Z' },
});
const issue = (year: number, number: number, donor: DonorRef = citizen, at = now): IssueReceipt => ({
  type: 'IssueReceipt',
  donor,
  year,
  number,
  receiptId: `r-${year}-${number}`,
  donorName: 'ci*****-1',
  now: at,
});
const receipt = (
  year: number,
  number: number,
  items: DonationReceiptIssued['data']['items'],
  donor: DonorRef = citizen,
): DonationReceiptIssued => ({
  type: 'DonationReceiptIssued',
  data: {
    receiptId: `r-${year}-${number}`,
    year,
    number,
    donor,
    donorName: 'ci*****-1',
    items,
    total: items.reduce((sum, item) => sum + item.amount, 0),
    issuedAt: now,
    issuedOn: '2025-02-10',
  },
});

describe('donor decider: cashback donations', () => {
  it('records a donation up to the cashback reported, keeping only the last 4 digits of the card', () => {
    const [event] = given()
      .when(donate('d-1', 10_000, 25_000))
      .then([donated('d-1', 10_000, 25_000)]);
    expect(JSON.stringify(event)).not.toContain('9410');
  });

  it('refuses more than the cashback reported, and more than it across the month', () => {
    given()
      .when(donate('d-1', 25_001, 25_000))
      .then('donation_exceeds_cashback');
    const refusal = given(donated('d-1', 20_000, 25_000))
      .when(donate('d-2', 5_001, 25_000))
      .then('donation_exceeds_cashback');
    expect(refusal).toMatchObject({ status: 422, details: { alreadyDonated: 20_000n, reportedCashback: 25_000 } });
    given(donated('d-1', 20_000, 25_000))
      .when(donate('d-2', 5_000, 25_000))
      .then([donated('d-2', 5_000, 25_000)]);
  });

  it('counts each cashback month on its own; a later, higher report of the month lets more be given', () => {
    given(donated('d-1', 20_000, 20_000, '2025-01'))
      .when(donate('d-2', 20_000, 20_000, '2025-02'))
      .then([donated('d-2', 20_000, 20_000, '2025-02')]);
    given(donated('d-1', 20_000, 20_000))
      .when(donate('d-2', 10_000, 30_000))
      .then([donated('d-2', 10_000, 30_000)]);
    given(donated('d-1', 20_000, 20_000))
      .when(donate('d-2', 1, 15_000))
      .then('donation_exceeds_cashback');
  });

  it('refuses bad input, changing nothing', () => {
    given()
      .when(donate('d-1', 0, 10_000))
      .then('invalid_amount');
    given()
      .when(donate('d-1', 1.5, 10_000))
      .then('invalid_amount');
    given()
      .when(donate('d-1', 1_000, -1))
      .then('invalid_cashback');
    given()
      .when(donate('d-1', 1_000, 10_000, '2025-13'))
      .then('invalid_cashback_month');
    given()
      .when(donate('d-1', 1_000, 10_000, '2025-03'))
      .then('cashback_month_in_future');
    given()
      .when(donate('d-1', 1_000, 10_000, '2025-01', { cardReference: '12' }))
      .then('invalid_card_reference');
    given()
      .when(donate('d-1', 1_000, 10_000, '2025-01', { donor: shop }))
      .then('invalid_donor');
  });

  it('bounds the gift and the report by the most cashback a month can pay (KRW_LIMITS.monthlyCashback), however much is reported', () => {
    const most = KRW_LIMITS.monthlyCashback.max;
    given()
      .when(donate('d-1', most, most))
      .then([donated('d-1', most, most)]);
    given()
      .when(donate('d-1', 9_007_199_254_740_991, 9_007_199_254_740_991))
      .then('invalid_amount');
    given()
      .when(donate('d-1', most + 1, most + 1))
      .then('invalid_amount');
    given()
      .when(donate('d-1', 1_000, most + 1))
      .then('invalid_cashback');
  });

  it('adds up what the month gave exactly, even over gifts from before the maximum', () => {
    const legacy = [
      donated('d-1', 9_007_199_254_740_991, 9_007_199_254_740_991),
      donated('d-2', 9_007_199_254_740_991, 9_007_199_254_740_991),
    ];
    const refusal = given(...legacy)
      .when(donate('d-3', 1, 100))
      .then('donation_exceeds_cashback');
    expect(refusal).toMatchObject({ details: { alreadyDonated: 18_014_398_509_481_982n } });
  });

  it('gives nothing twice for the same donation id', () => {
    given(donated('d-1', 1_000, 10_000))
      .when(donate('d-1', 1_000, 10_000))
      .then([]);
  });
});

describe('donor decider: donation-angel pledges', () => {
  it('turns a settlement pledge into the merchant donation once', () => {
    given()
      .when(accrue('s-1', 1_555))
      .then([pledged('s-1', 1_555)]);
    given(pledged('s-1', 1_555)).when(accrue('s-1', 1_555)).then([]);
    given().when(accrue('s-1', 0)).then([]);
  });

  it('refuses a pledge on a citizen', () => {
    given()
      .when({ ...accrue('s-1', 100), donor: citizen })
      .then('invalid_donor');
  });
});

describe('donor decider: receipts', () => {
  const earlier = donated('d-1', 10_000, 30_000, '2025-01', '2025-01-20T01:00:00.000Z');
  const later = donated('d-2', 5_000, 30_000, '2025-01', '2025-02-01T01:00:00.000Z');
  const lastYear = donated('d-0', 7_000, 7_000, '2024-12', '2024-12-30T01:00:00.000Z');
  const item = (event: CashbackDonated) => ({
    donationId: event.data.donationId,
    source: 'cashback' as const,
    amount: event.data.amount,
    donatedOn: event.data.donatedOn,
  });

  it('lists every donation of the year no receipt claims, in order, with the total', () => {
    given(lastYear, later, earlier)
      .when(issue(2025, 7))
      .then([receipt(2025, 7, [item(earlier), item(later)])]);
  });

  it('never lists a donation twice: a second receipt takes only what came after the first', () => {
    const first = receipt(2025, 1, [item(earlier)]);
    given(earlier, first).when(issue(2025, 2)).then([]);
    given(earlier, first, later)
      .when(issue(2025, 2))
      .then([receipt(2025, 2, [item(later)])]);
  });

  it('issues receipts for merchants pledges too, by the settlement day', () => {
    const pledge = pledged('s-1', 3_000, '2024-12-31');
    given(pledge)
      .when(issue(2024, 1, shop))
      .then([receipt(2024, 1, [{ donationId: 'pledge-s-1', source: 'pledge', amount: 3_000, donatedOn: '2024-12-31' }], shop)]);
  });

  it('leaves a donation above its maximum (only in a log from before the maxima) off the receipt', () => {
    const legacy = donated('d-9', 9_007_199_254_740_991, 9_007_199_254_740_991, '2025-01', '2025-01-21T01:00:00.000Z');
    given(earlier, legacy)
      .when(issue(2025, 3))
      .then([receipt(2025, 3, [item(earlier)])]);
    given(legacy).when(issue(2025, 3)).then([]);
  });

  it('refuses a year not begun', () => {
    given(earlier).when(issue(2026, 1)).then('receipt_year_in_future');
  });
});
