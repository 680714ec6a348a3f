import type { MerchantCategory } from '@goodpay/merchant';

/**
 * The demo campaign, modelled on Jeonbuk province's Good Prepayment campaign (shared/DOMAIN.md):
 * three raffle rounds (Jeonbuk's lasted 21, 14 and 11 days), certified prepayments of at least
 * 100,000 won, Onnuri vouchers of 20,000 won from a 3,000,000 won budget (150 winners), shops of
 * several kinds in Jeonju's and Gunsan's districts, citizens prepaying 100,000 to 300,000 won,
 * a city hall prepaying for its staff events, donation-angel shops pledging 1%.
 *
 * Everything is named as a demo ("[데모] …"), so it is never mistaken for a real campaign.
 */
export const DEMO_PREFIX = '[데모]';
export const DEMO_CAMPAIGN_NAME = `${DEMO_PREFIX} 전북 착한 선결제`;
export const DEMO_REGION = { kind: 'province' as const, name: '전북특별자치도' };

export const DEMO_RAFFLE = { minimumCertifiedAmount: 100_000, prize: 20_000, budget: 3_000_000 };
/** Round lengths in days, as Jeonbuk's: Jan 13-Feb 2, Feb 3-16, Feb 17-27. */
export const DEMO_ROUND_DAYS = [21, 14, 11] as const;

/**
 * Jeonbuk's timeline (campaign Jan 13 to Feb 28, rounds Jan 13-Feb 2, Feb 3-16, Feb 17-27) in
 * `year`: the rehearsal runs it on its own clock, whatever the real date.
 */
export function demoTimeline(year: number) {
  const rounds = [
    { number: 1, startsOn: `${year}-01-13`, endsOn: `${year}-02-02` },
    { number: 2, startsOn: `${year}-02-03`, endsOn: `${year}-02-16` },
    { number: 3, startsOn: `${year}-02-17`, endsOn: `${year}-02-27` },
  ];
  return { startsOn: `${year}-01-13`, endsOn: `${year}-02-28`, rounds, clockAt: `${year}-01-12T09:00:00+09:00` };
}
export const DEMO_TARGET = { participants: 50_000, amount: 5_000_000_000 };

export interface DemoShop {
  name: string;
  category: MerchantCategory;
  district: string;
  /** A donation-angel shop's pledge, in basis points of its sales (100 = 1%). */
  pledgeBasisPoints?: 100 | 300 | 500;
}

export const DEMO_SHOPS: DemoShop[] = [
  { name: `${DEMO_PREFIX} 한옥마을 콩나물국밥`, category: 'restaurant', district: '완산구', pledgeBasisPoints: 100 },
  { name: `${DEMO_PREFIX} 객사길 비빔밥`, category: 'restaurant', district: '완산구' },
  { name: `${DEMO_PREFIX} 덕진공원 칼국수`, category: 'restaurant', district: '덕진구' },
  { name: `${DEMO_PREFIX} 전북대 앞 카페`, category: 'cafe', district: '덕진구', pledgeBasisPoints: 100 },
  { name: `${DEMO_PREFIX} 남부시장 청년몰 커피`, category: 'cafe', district: '완산구' },
  { name: `${DEMO_PREFIX} 효자동 미용실`, category: 'hair_salon', district: '완산구' },
  { name: `${DEMO_PREFIX} 송천동 헤어`, category: 'hair_salon', district: '덕진구' },
  { name: `${DEMO_PREFIX} 평화동 동네마트`, category: 'supermarket', district: '완산구', pledgeBasisPoints: 300 },
  { name: `${DEMO_PREFIX} 남부시장 반찬가게`, category: 'market_stall', district: '완산구' },
  { name: `${DEMO_PREFIX} 모래내시장 과일가게`, category: 'market_stall', district: '덕진구' },
  { name: `${DEMO_PREFIX} 군산 사회적협동조합 빵집`, category: 'social_economy', district: '군산시' },
  { name: `${DEMO_PREFIX} 군산 째보선창 횟집`, category: 'restaurant', district: '군산시' },
];

export interface DemoCitizen {
  id: string;
  /** Made up, for the raffle certification (kept encrypted in the personal-data vault). */
  name: string;
  phone: string;
  /** Index into DEMO_SHOPS. */
  shop: number;
  amount: number;
  /** What the shop redeems of it on a later visit. */
  redeemed?: number;
  certifies?: boolean;
  /** Cashback donated to the community chest (of the local currency's 10%). */
  donates?: { amount: number; reportedCashback: number };
  /** The raffle round in whose days they prepay (1, 2 or 3). */
  round: 1 | 2 | 3;
}

export const DEMO_CITIZENS: DemoCitizen[] = [
  {
    id: 'demo-citizen-01',
    round: 1,
    name: '김민준',
    phone: '010-0000-0001',
    shop: 0,
    amount: 100_000,
    redeemed: 32_000,
    certifies: true,
    donates: { amount: 5_000, reportedCashback: 10_000 },
  },
  { id: 'demo-citizen-02', round: 1, name: '이서연', phone: '010-0000-0002', shop: 3, amount: 150_000, redeemed: 12_500, certifies: true },
  {
    id: 'demo-citizen-03',
    round: 1,
    name: '박도윤',
    phone: '010-0000-0003',
    shop: 5,
    amount: 200_000,
    redeemed: 45_000,
    certifies: true,
    donates: { amount: 20_000, reportedCashback: 20_000 },
  },
  { id: 'demo-citizen-04', round: 1, name: '최지우', phone: '010-0000-0004', shop: 7, amount: 300_000, redeemed: 87_300, certifies: true },
  {
    id: 'demo-citizen-05',
    round: 2,
    name: '정하은',
    phone: '010-0000-0005',
    shop: 8,
    amount: 100_000,
    certifies: true,
    donates: { amount: 10_000, reportedCashback: 10_000 },
  },
  { id: 'demo-citizen-06', round: 2, name: '강시우', phone: '010-0000-0006', shop: 10, amount: 120_000, redeemed: 18_000, certifies: true },
  { id: 'demo-citizen-07', round: 3, name: '조서준', phone: '010-0000-0007', shop: 1, amount: 100_000, redeemed: 9_000 },
  { id: 'demo-citizen-08', round: 3, name: '윤지아', phone: '010-0000-0008', shop: 11, amount: 250_000, certifies: true },
];

/** A city hall prepaying at a restaurant for its staff farewells and regular meetings. */
export const DEMO_ORGANISATION = {
  kind: 'public_agency' as const,
  name: `${DEMO_PREFIX} 전주시청 총무과`,
  representativeId: 'demo-representative',
  plannedAmount: 3_000_000,
  shop: 2,
  amount: 1_000_000,
  redeemed: 240_000,
};

export const DEMO_CONSENT = {
  version: 'raffle-consent-2025-01',
  purpose: true,
  itemsCollected: true,
  retentionPeriod: true,
  rightToRefuse: true,
};
