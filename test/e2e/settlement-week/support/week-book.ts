/**
 * What the week's settlements must add up to, worked out by hand from what the test does
 * (see settlement-week.test.ts), never read back from the product. The fee is 2.5%
 * (SETTLEMENT_FEE_BASIS_POINTS=250) of what a shop collected through the platform, rounded down
 * to the won; Hanok Noodles pledges 3% of each platform sale, rounded down per sale. Money paid
 * at the shop is the shop's already and is never settled.
 */
export const FEE_BASIS_POINTS = 250;
export const RUN_AT_HOUR_SEOUL = 3;

export type Shop = 'noodles' | 'cafe' | 'stall';
export type PayoutOutcome = 'paid' | 'failed' | null;

export interface ExpectedSettlement {
  shop: Shop;
  day: string;
  collected: number;
  refunded: number;
  fee: number;
  pledge: number;
  carriedIn: number;
  payout: number;
  carriedOut: number;
  /** The payout's status once the overnight run is over (null: nothing to pay). */
  outcome: PayoutOutcome;
}

export const WEEK: readonly string[] = ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09'];

export const EXPECTED_SETTLEMENTS: readonly ExpectedSettlement[] = [
  // Mon: noodles 100,000 platform (the 30,000 redeemed changes nothing owed); cafe 200,000,
  // whose first transfer the bank refuses (retried with backoff, then paid). The stall's
  // 150,000 was paid at the counter: nothing to settle.
  {
    shop: 'noodles',
    day: '2025-03-03',
    collected: 100_000,
    refunded: 0,
    fee: 2_500,
    pledge: 3_000,
    carriedIn: 0,
    payout: 94_500,
    carriedOut: 0,
    outcome: 'paid',
  },
  {
    shop: 'cafe',
    day: '2025-03-03',
    collected: 200_000,
    refunded: 0,
    fee: 5_000,
    pledge: 0,
    carriedIn: 0,
    payout: 195_000,
    carriedOut: 0,
    outcome: 'paid',
  },
  // Tue: 123,457 each: fee 3,086.425 -> 3,086; pledge 3,703.71 -> 3,703. The stall's
  // payout fails every attempt of its round and waits for staff.
  {
    shop: 'noodles',
    day: '2025-03-04',
    collected: 123_457,
    refunded: 0,
    fee: 3_086,
    pledge: 3_703,
    carriedIn: 0,
    payout: 116_668,
    carriedOut: 0,
    outcome: 'paid',
  },
  {
    shop: 'stall',
    day: '2025-03-04',
    collected: 123_457,
    refunded: 0,
    fee: 3_086,
    pledge: 0,
    carriedIn: 0,
    payout: 120_371,
    carriedOut: 0,
    outcome: 'failed',
  },
  // Wed: the cafe refunds Monday's 200,000 and collects 50,000: 50,000 - 200,000 - 1,250 is
  // -151,250, so nothing is paid and 151,250 is carried to its next settlement.
  {
    shop: 'cafe',
    day: '2025-03-05',
    collected: 50_000,
    refunded: 200_000,
    fee: 1_250,
    pledge: 0,
    carriedIn: 0,
    payout: 0,
    carriedOut: 151_250,
    outcome: null,
  },
  // Thu: the cafe's 300,000 - 7,500 - 151,250 carried in = 141,250.
  {
    shop: 'noodles',
    day: '2025-03-06',
    collected: 100_000,
    refunded: 0,
    fee: 2_500,
    pledge: 3_000,
    carriedIn: 0,
    payout: 94_500,
    carriedOut: 0,
    outcome: 'paid',
  },
  {
    shop: 'cafe',
    day: '2025-03-06',
    collected: 300_000,
    refunded: 0,
    fee: 7_500,
    pledge: 0,
    carriedIn: 151_250,
    payout: 141_250,
    carriedOut: 0,
    outcome: 'paid',
  },
  // Fri: noodles refunds what was left of Tuesday's 123,457 after 50,000 redeemed (73,457)
  // and collects 200,000: 200,000 - 73,457 - 5,000 - 6,000 = 115,543.
  {
    shop: 'noodles',
    day: '2025-03-07',
    collected: 200_000,
    refunded: 73_457,
    fee: 5_000,
    pledge: 6_000,
    carriedIn: 0,
    payout: 115_543,
    carriedOut: 0,
    outcome: 'paid',
  },
  // Sat: only money paid at the counter: no settlement at all.
  // Sun: the stall collects 100,000.
  {
    shop: 'stall',
    day: '2025-03-09',
    collected: 100_000,
    refunded: 0,
    fee: 2_500,
    pledge: 0,
    carriedIn: 0,
    payout: 97_500,
    carriedOut: 0,
    outcome: 'paid',
  },
];

/** The week in total: collected 1,296,914 = payouts 975,332 + fees 32,422 + pledges 15,703 + refunds 273,457. */
export const WEEK_TOTALS = { collected: 1_296_914, refunded: 273_457, fee: 32_422, pledge: 15_703, payout: 975_332 };

/** What each shop's bank account received: one transfer per settlement with a payout, never two. */
export const TRANSFERRED: Record<Shop, number> = {
  noodles: 94_500 + 116_668 + 94_500 + 115_543, // 421,211
  cafe: 195_000 + 141_250, // 336,250
  stall: 120_371 + 97_500, // 217,871
};

export const settlementsOn = (day: string): ExpectedSettlement[] => EXPECTED_SETTLEMENTS.filter((s) => s.day === day);
