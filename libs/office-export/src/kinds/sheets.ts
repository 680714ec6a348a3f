import { type CampaignView } from '@goodpay/campaign';
import { donationExport, formatReceiptNumber } from '@goodpay/donation';
import { dashboardExport, prepaymentExport } from '@goodpay/prepayment';
import { settlementExport } from '@goodpay/settlement';
import { NotFoundError } from '@goodpay/shared';
import type { ExportKind, OfficeExportRequested } from '../request/export-request';
import { type Cell, type Column, percentCell, type Sheet, sumWon, wonCell } from '../sheet/sheet';
import { campaignMarker } from './campaign-marker';
import type { ExportSources } from './export-sources';

type Request = OfficeExportRequested['data'];

const text = (header: string): Column => ({ header, kind: 'text' });
const won = (header: string): Column => ({ header, kind: 'won' });
const count = (header: string): Column => ({ header, kind: 'count' });
const date = (header: string): Column => ({ header, kind: 'date' });

const KIND_TITLES: Record<ExportKind, string> = {
  dashboard: '업종·지역별 실적',
  prepayments: '선결제 내역',
  settlements: '정산·지급 내역',
  'raffle-winners': '경품 당첨자',
  donations: '기부·영수증 내역',
};

const CATEGORY_NAMES: Record<string, string> = {
  restaurant: '음식점',
  cafe: '카페',
  hair_salon: '미용실',
  supermarket: '동네 마트',
  market_stall: '전통시장',
  social_economy: '사회적경제기업',
  other: '기타',
};
const PAYER_KINDS: Record<string, string> = { citizen: '시민', organisation: '기관·단체', merchant: '가맹점' };
const CHANNELS: Record<string, string> = { at_shop: '매장', platform: '온라인' };
const STATUSES: Record<string, string> = {
  active: '사용 중',
  exhausted: '사용 완료',
  refund_requested: '환불 신청',
  refunded: '환불 완료',
  scheduled: '지급 예정',
  failed: '지급 실패',
  retried: '재시도',
  paid: '지급 완료',
  awarded: '당첨',
  confirmed: '수령 확인',
};
const SOURCES: Record<string, string> = { cashback: '캐시백 기부', pledge: '기부천사 가맹점' };
const named = (names: Record<string, string>, key: string | null): Cell => (key === null ? null : (names[key] ?? key));

const period = (request: Request) => `${request.from} ~ ${request.to}`;

/** The export's sheet: a title row naming what and when, the marker where one applies, Korean headers, totals. */
export async function buildSheet(request: Request, sources: ExportSources): Promise<Sheet> {
  const campaign = request.campaignId === null ? null : await requireCampaign(sources, request.campaignId);
  const heading = (extra = '') => `${campaign ? `${campaign.name} · ` : ''}${KIND_TITLES[request.kind]} (${period(request)})${extra}`;
  const base = { name: KIND_TITLES[request.kind], marker: campaignMarker(campaign) };
  switch (request.kind) {
    case 'dashboard':
      return { ...base, ...(await dashboard(request, sources, heading)) };
    case 'prepayments':
      return { ...base, title: heading(), ...(await prepayments(request, sources)) };
    case 'settlements':
      return { ...base, title: heading(), ...(await settlements(request, sources)) };
    case 'raffle-winners':
      return { ...base, title: heading(), ...(await raffleWinners(request, campaign!, sources)) };
    case 'donations':
      return { ...base, title: heading(), ...(await donations(request, sources)) };
  }
}

async function requireCampaign(sources: ExportSources, campaignId: string): Promise<CampaignView> {
  const campaign = await sources.campaign(campaignId);
  if (campaign === null) throw new NotFoundError('campaign', campaignId);
  return campaign;
}

/** By category, then by district; each against the campaign's target amount. The totals are the category rows' (each prepayment once). */
async function dashboard(request: Request, sources: ExportSources, heading: (extra?: string) => string) {
  const figures = await dashboardExport(sources.sql, request.campaignId!, request.from, request.to);
  const target = figures.targetAmount;
  const rows: Cell[][] = figures.rows.map((row) => [
    row.dimension === 'category' ? '업종' : '지역',
    row.dimension === 'category' ? named(CATEGORY_NAMES, row.key) : row.key,
    row.prepayments,
    row.participants,
    wonCell(row.prepaid),
    wonCell(row.redeemed),
    wonCell(row.refunded),
    percentCell(wonCell(row.prepaid), target),
  ]);
  const categories = rows.filter((row) => row[0] === '업종');
  const totalPrepaid = sumWon(categories, 4);
  const totals: Cell[] = [
    '합계',
    '업종 합계',
    categories.reduce((sum, row) => sum + Number(row[2]), 0),
    null,
    totalPrepaid,
    sumWon(categories, 5),
    sumWon(categories, 6),
    percentCell(totalPrepaid, target),
  ];
  const targetText =
    target === null ? '' : ` · 목표 ${BigInt(target).toLocaleString('ko-KR')}원, 참여 목표 ${figures.targetParticipants}명`;
  return {
    title: heading(targetText),
    columns: [
      text('구분'),
      text('항목'),
      count('선결제 건수'),
      count('참여자 수'),
      won('선결제 금액'),
      won('사용 금액'),
      won('환불 금액'),
      { header: '목표 대비', kind: 'percent' as const },
    ],
    rows,
    totals,
  };
}

async function prepayments(request: Request, sources: ExportSources) {
  const found = await prepaymentExport(sources.sql, request.campaignId!, request.from, request.to);
  const rows: Cell[][] = found.map((p) => [
    p.prepaymentId,
    p.paidOn,
    named(PAYER_KINDS, p.payerKind),
    p.payerId ?? '(미등록 매장 고객)',
    p.merchantId,
    named(CATEGORY_NAMES, p.category),
    p.district,
    named(CHANNELS, p.channel),
    wonCell(p.amount),
    wonCell(p.redeemed),
    wonCell(p.refunded),
    wonCell(p.balance),
    named(STATUSES, p.status),
  ]);
  return {
    columns: [
      text('선결제 ID'),
      date('결제일'),
      text('결제자 구분'),
      text('결제자'),
      text('가맹점 ID'),
      text('업종'),
      text('지역'),
      text('결제 경로'),
      won('선결제 금액'),
      won('사용 금액'),
      won('환불 금액'),
      won('잔액'),
      text('상태'),
    ],
    rows,
    totals: [
      '합계',
      `${rows.length}건`,
      null,
      null,
      null,
      null,
      null,
      null,
      sumWon(rows, 8),
      sumWon(rows, 9),
      sumWon(rows, 10),
      sumWon(rows, 11),
      null,
    ],
  };
}

async function settlements(request: Request, sources: ExportSources) {
  const found = await settlementExport(sources.sql, request.from, request.to);
  const rows: Cell[][] = found.map((s) => [
    s.settlementId,
    s.day,
    s.merchantId,
    s.items,
    wonCell(s.collected),
    wonCell(s.refunded),
    wonCell(s.fee),
    wonCell(s.pledge),
    wonCell(s.carriedIn),
    wonCell(s.payout),
    wonCell(s.carriedOut),
    named(STATUSES, s.payoutStatus) ?? '지급 없음',
    s.paidAt,
    s.transferId,
  ]);
  const sums = [4, 5, 6, 7, 8, 9, 10].map((column) => sumWon(rows, column));
  return {
    columns: [
      text('정산 ID'),
      date('정산일'),
      text('가맹점 ID'),
      count('건수'),
      won('결제 금액'),
      won('환불 금액'),
      won('수수료'),
      won('기부 약정'),
      won('이월 받은 금액'),
      won('지급액'),
      won('이월 금액'),
      text('지급 상태'),
      text('지급 일시'),
      text('이체 ID'),
    ],
    rows,
    totals: ['합계', `${rows.length}건`, null, rows.reduce((sum, row) => sum + Number(row[3]), 0), ...sums, null, null, null],
  };
}

/** Every drawn round that overlaps the period, its winners masked as published. */
async function raffleWinners(request: Request, campaign: CampaignView, sources: ExportSources) {
  const rounds = campaign.raffle.rounds.filter(
    (round) => campaign.roundsDrawn.includes(round.number) && round.startsOn <= request.to && round.endsOn >= request.from,
  );
  const rows: Cell[][] = [];
  for (const round of rounds) {
    const list = await sources.winners(campaign.campaignId, round.number);
    for (const winner of list.winners) {
      rows.push([
        `${round.number}회차`,
        `${round.startsOn} ~ ${round.endsOn}`,
        winner.rank,
        winner.maskedName ?? '(파기됨)',
        named(STATUSES, winner.status),
        wonCell(campaign.raffle.prize),
      ]);
    }
  }
  return {
    columns: [text('회차'), text('응모 기간'), count('순위'), text('당첨자'), text('상태'), won('경품 금액')],
    rows,
    totals: ['합계', `${rows.length}명`, null, null, null, sumWon(rows, 5)],
  };
}

async function donations(request: Request, sources: ExportSources) {
  const found = await donationExport(sources.sql, request.from, request.to);
  const rows: Cell[][] = found.map((d) => [
    d.donationId,
    d.donatedOn,
    named(PAYER_KINDS, d.donorType),
    d.merchantName ?? d.donorId,
    named(SOURCES, d.source),
    wonCell(d.amount),
    d.receiptYear === null || d.receiptNumber === null ? '미발급' : formatReceiptNumber(d.receiptYear, d.receiptNumber),
    d.receiptIssuedOn,
  ]);
  const receipted = rows.filter((row) => row[6] !== '미발급');
  return {
    columns: [
      text('기부 ID'),
      date('기부일'),
      text('기부자 구분'),
      text('기부자'),
      text('재원'),
      won('기부 금액'),
      text('영수증 번호'),
      date('영수증 발급일'),
    ],
    rows,
    totals: ['합계', `${rows.length}건`, null, null, null, sumWon(rows, 5), `발급 ${receipted.length}건`, null],
  };
}
