/**
 * The largest amount each kind of money a command carries may have: the one table of money
 * maxima. The edge (DTO decorator `Won(limit)`) and the pure deciders (`positiveKrw(value,
 * limit)`) both read it, so a bound is written once. Every figure is whole won; each maximum is
 * far below 2^53, so a command's amount is always a safe JavaScript integer, and a sum of them
 * is kept exact as a bigint (`KrwFigure`).
 *
 * Each reason cites the figures the campaigns published (Seoul, Jeonju, Jeonbuk).
 */
export interface KrwLimit {
  /** The field's domain name, as error details and the README table say it. */
  readonly name: string;
  /** Largest accepted amount, in won, inclusive. */
  readonly max: number;
  /** Why this maximum: the figure it comes from. */
  readonly why: string;
}

const limit = (name: string, max: number, why: string): KrwLimit => Object.freeze({ name, max, why });

export const KRW_LIMITS = Object.freeze({
  prepayment: limit(
    'prepayment',
    100_000_000,
    "one prepayment: Seoul let a company prepay up to 10,000,000 won; ten times that leaves room for an organisation's yearly rent or supplies. A campaign's own maxima are within it.",
  ),
  redemption: limit('redemption', 100_000_000, 'one redemption never exceeds a balance, which never exceeds one prepayment.'),
  campaignPrepaymentSetting: limit(
    'campaign prepayment setting',
    100_000_000,
    "a campaign's per-prepayment, per-organisation-prepayment and per-person-monthly limits (Seoul: 300,000 a person a month, 10,000,000 for a company) are at most one prepayment's maximum.",
  ),
  campaignTarget: limit(
    'campaign target',
    1_000_000_000_000,
    'what a campaign aims to bring forward: Jeonju aimed at 5 to 15 billion won; a trillion leaves room for a province.',
  ),
  monthlyCashback: limit(
    'monthly cashback',
    200_000,
    'the local currency pays 10% cashback plus at most 10% charging incentive on at most 1,000,000 won of purchases a month: at most 200,000 won of cashback a month, so a cashback donation and the cashback reported are at most that.',
  ),
  chestDisbursement: limit(
    'chest disbursement',
    1_000_000_000,
    "one gift to a welfare project, and never more than the chest's balance: a billion won is about 17 years of what Jeonju's donors gave (58 million won a year).",
  ),
  rafflePrize: limit('raffle prize', 1_000_000, "one winner's gift voucher: Jeonbuk gave 20,000 won each."),
  raffleBudget: limit('raffle budget', 1_000_000_000, "a campaign's whole prize budget: Jeonbuk's was 3,000,000 won."),
  raffleCertifiedAmount: limit(
    'certified prepayment',
    100_000_000,
    "the prepayment a raffle certification shows (and a campaign's minimum for it): at most one prepayment's maximum.",
  ),
  organisationPlan: limit(
    'organisation plan',
    10_000_000_000,
    "what an organisation plans to prepay for one purpose in a campaign: an SME federation of 300 companies at Seoul's 10,000,000 won each is 3 billion won.",
  ),
  settledAmount: limit(
    'settled amount',
    Number.MAX_SAFE_INTEGER,
    'a payout or pledge the settlement derived from bounded prepayments, never typed by anyone: only kept a safe whole number.',
  ),
});
