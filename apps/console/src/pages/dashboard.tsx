import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { read, useApi } from '../api';
import { useCampaign } from '../campaign';
import { Figure, Progress } from '../components/figure';
import { ProblemNotice } from '../components/problem';
import { formatCount, formatWon } from '../format';
import { useLoad } from '../use-load';

interface BreakdownRow {
  key: string;
  prepaymentCount: number;
  prepaidAmount: number;
  redeemedAmount: number;
  refundedAmount: number;
}

/** What the dashboard shows of GET /campaigns/{id}/dashboard. */
interface Dashboard {
  target: { participants: number; amount: number } | null;
  participants: { citizens: number; organisations: number; total: number };
  prepaymentCount: number;
  amountBroughtForward: number;
  redeemed: number;
  refunded: number;
  outstanding: number;
  byCategory: BreakdownRow[];
  byDistrict: BreakdownRow[];
  byDay?: { day: string; participants: number; prepaidAmount: number }[];
  progress: { participantsPercent: number | null; amountPercent: number | null };
}

export const CATEGORY_NAMES: Record<string, string> = {
  restaurant: '음식점',
  cafe: '카페',
  hair_salon: '미용실',
  supermarket: '슈퍼마켓',
  market_stall: '전통시장 점포',
  social_economy: '사회적경제기업',
  other: '기타',
};

const toMillions = (won: number) => Math.round(won / 10_000);

function BreakdownChart({ title, rows, names = {} }: { title: string; rows: BreakdownRow[]; names?: Record<string, string> }) {
  const data = rows.map((row) => ({
    name: names[row.key] ?? row.key,
    선결제: toMillions(row.prepaidAmount),
    사용: toMillions(row.redeemedAmount),
  }));
  return (
    <section className="card chart" aria-label={title}>
      <h2>{title} (만원)</h2>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ left: 8, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis />
          <Tooltip />
          <Legend />
          <Bar isAnimationActive={false} dataKey="선결제" fill="#1d4ed8" />
          <Bar isAnimationActive={false} dataKey="사용" fill="#047857" />
        </BarChart>
      </ResponsiveContainer>
      <table>
        <caption className="visually-hidden">{title} 표</caption>
        <thead>
          <tr>
            <th scope="col">구분</th>
            <th scope="col">건수</th>
            <th scope="col">선결제</th>
            <th scope="col">사용</th>
            <th scope="col">환불</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{names[row.key] ?? row.key}</th>
              <td>{formatCount(row.prepaymentCount)}</td>
              <td>{formatWon(row.prepaidAmount)}</td>
              <td>{formatWon(row.redeemedAmount)}</td>
              <td>{formatWon(row.refundedAmount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function DashboardPage() {
  const api = useApi();
  const campaign = useCampaign();
  const dashboard = useLoad(
    async () =>
      campaign ? read<Dashboard>(api.GET('/campaigns/{id}/dashboard', { params: { path: { id: campaign.campaignId } } })) : undefined,
    [api, campaign?.campaignId],
  );
  if (!campaign) return <p>캠페인이 없습니다.</p>;
  const d = dashboard.data;
  return (
    <div className="dashboard">
      <ProblemNotice error={dashboard.error} />
      <p className="lead">
        {campaign.name} · {campaign.startsOn} ~ {campaign.endsOn} {campaign.status === 'closed' ? '(종료)' : '(진행 중)'}
      </p>
      {d && (
        <>
          <section className="card figures" aria-label="목표 대비">
            <Figure label="참여자" note={d.target ? `목표 ${formatCount(d.target.participants)}명` : undefined}>
              {formatCount(d.participants.total)}명
            </Figure>
            <Figure label="선결제 금액" note={d.target ? `목표 ${formatWon(d.target.amount)}` : undefined}>
              {formatWon(d.amountBroughtForward)}
            </Figure>
            <Figure label="사용">{formatWon(d.redeemed)}</Figure>
            <Figure label="환불">{formatWon(d.refunded)}</Figure>
            <Figure label="남은 잔액">{formatWon(d.outstanding)}</Figure>
            <Figure label="선결제 건수">{formatCount(d.prepaymentCount)}건</Figure>
            <div className="progresses">
              <Progress label="참여자 목표 달성률" percent={d.progress.participantsPercent} />
              <Progress label="금액 목표 달성률" percent={d.progress.amountPercent} />
            </div>
          </section>
          {d.byDay && d.byDay.length > 0 && (
            <section className="card chart" aria-label="날짜별 추이">
              <h2>날짜별 누적 (참여자 명, 금액 만원)</h2>
              <ResponsiveContainer width="100%" height={220}>
                <LineChart data={d.byDay.map((row) => ({ day: row.day, 참여자: row.participants, 금액: toMillions(row.prepaidAmount) }))}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="day" />
                  <YAxis yAxisId="people" />
                  <YAxis yAxisId="won" orientation="right" />
                  <Tooltip />
                  <Legend />
                  <Line isAnimationActive={false} yAxisId="people" type="monotone" dataKey="참여자" stroke="#7c2d12" />
                  <Line isAnimationActive={false} yAxisId="won" type="monotone" dataKey="금액" stroke="#1d4ed8" />
                </LineChart>
              </ResponsiveContainer>
            </section>
          )}
          <div className="two">
            <BreakdownChart title="업종별" rows={d.byCategory} names={CATEGORY_NAMES} />
            <BreakdownChart title="지역(구)별" rows={d.byDistrict} />
          </div>
        </>
      )}
    </div>
  );
}
