import { type FormEvent, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { idempotencyKey, read, useApi } from '../api';
import { PAGE_SIZE, Pager } from '../components/pager';
import { Figure } from '../components/figure';
import { ProblemNotice } from '../components/problem';
import { formatCount, formatInstant, formatWon, seoulToday } from '../format';
import { useLoad } from '../use-load';

/** What the page shows of GET /donations/figures and GET /community-chest/ledger. */
interface DonationFigures {
  byMonth: { month: string; citizen: number; merchant: number; total: number; donations: number }[];
  byDonorType: { donorType: 'citizen' | 'merchant'; amount: number; donors: number; donations: number }[];
  topMerchants: { rank: number; name: string; amount: number }[];
  total: number;
}
interface ChestLedger {
  received: { cashback: number; pledge: number; total: number };
  disbursed: number;
  balance: number;
  entries: {
    entryId: string;
    kind: 'credit' | 'disbursement';
    source: string | null;
    project: string | null;
    amount: number;
    balance: number;
    occurredAt: string;
  }[];
  total: number;
}

const SOURCE_NAMES: Record<string, string> = { cashback: '시민 캐시백 기부', pledge: '가맹점 약정 기부' };

export function DonationsPage() {
  const api = useApi();
  const thisYear = Number(seoulToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [offset, setOffset] = useState(0);
  const [project, setProject] = useState('');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const figures = useLoad(() => read<DonationFigures>(api.GET('/donations/figures', { params: { query: { year } } })), [api, year]);
  const ledger = useLoad(
    () => read<ChestLedger>(api.GET('/community-chest/ledger', { params: { query: { limit: PAGE_SIZE, offset } } })),
    [api, offset],
  );

  async function run(label: string, command: () => Promise<unknown>) {
    setError(null);
    try {
      await command();
      setDone(label);
      ledger.reload();
      figures.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  const disburse = (event: FormEvent) => {
    event.preventDefault();
    void run(`${project}에 ${formatWon(amount)} 지출했습니다`, () =>
      read(
        api.POST('/community-chest/disbursements', {
          params: { header: { 'Idempotency-Key': idempotencyKey() } },
          body: { project, amount: Number(amount) },
        }),
      ),
    );
  };

  const f = figures.data;
  const l = ledger.data;
  return (
    <div>
      <ProblemNotice error={error ?? figures.error ?? ledger.error} />
      <p className="status" role="status">
        {done}
      </p>
      <div className="two">
        <section className="card chart" aria-labelledby="donations-title">
          <h2 id="donations-title">월별 기부 (원)</h2>
          <div className="toolbar">
            <label htmlFor="year">연도</label>
            <input
              id="year"
              type="number"
              min={2000}
              max={9999}
              value={year}
              onChange={(event) => setYear(Number(event.target.value) || thisYear)}
            />
            <button
              type="button"
              onClick={() =>
                run(`${year}년 기부금 영수증 발행을 요청했습니다`, () => read(api.POST('/donation-receipts/runs', { body: { year } })))
              }
            >
              {year}년 기부금 영수증 발행
            </button>
          </div>
          {f && (
            <>
              <p>
                합계 {formatWon(f.total)} ·{' '}
                {f.byDonorType
                  .map((t) => `${t.donorType === 'citizen' ? '시민' : '가맹점'} ${formatCount(t.donors)}명 ${formatWon(t.amount)}`)
                  .join(' · ')}
              </p>
              <ResponsiveContainer width="100%" height={200}>
                <BarChart data={f.byMonth.map((m) => ({ month: m.month, 시민: m.citizen, 가맹점: m.merchant }))}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="month" />
                  <YAxis />
                  <Tooltip />
                  <Legend />
                  <Bar isAnimationActive={false} dataKey="시민" stackId="a" fill="#1d4ed8" />
                  <Bar isAnimationActive={false} dataKey="가맹점" stackId="a" fill="#b45309" />
                </BarChart>
              </ResponsiveContainer>
              <h3>착한 가맹점 (약정 기부 순)</h3>
              <ol>
                {f.topMerchants.map((m) => (
                  <li key={m.rank}>
                    {m.name} {formatWon(m.amount)}
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
        <section className="card" aria-labelledby="chest-title">
          <h2 id="chest-title">공동모금 (사랑의 열매) 계정</h2>
          {l && (
            <div className="figures">
              <Figure label="받은 기부">{formatWon(l.received.total)}</Figure>
              <Figure label="지출">{formatWon(l.disbursed)}</Figure>
              <Figure label="잔액">{formatWon(l.balance)}</Figure>
            </div>
          )}
          <form onSubmit={disburse} aria-label="복지 사업 지출" className="inline-form">
            <label htmlFor="project">복지 사업</label>
            <input id="project" value={project} onChange={(event) => setProject(event.target.value)} required maxLength={200} />
            <label htmlFor="amount">금액(원)</label>
            <input id="amount" type="number" min={1} value={amount} onChange={(event) => setAmount(event.target.value)} required />
            <button type="submit">지출</button>
          </form>
        </section>
      </div>
      <section className="card" aria-labelledby="entries-title">
        <h2 id="entries-title">계정 내역</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">일시</th>
              <th scope="col">구분</th>
              <th scope="col">내용</th>
              <th scope="col">금액</th>
              <th scope="col">잔액</th>
            </tr>
          </thead>
          <tbody>
            {l?.entries.map((e) => (
              <tr key={e.entryId}>
                <td>{formatInstant(e.occurredAt)}</td>
                <td>{e.kind === 'credit' ? '입금' : '지출'}</td>
                <td>{e.kind === 'credit' ? (SOURCE_NAMES[e.source ?? ''] ?? e.source) : e.project}</td>
                <td>{formatWon(e.amount)}</td>
                <td>{formatWon(e.balance)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {l && <Pager label="계정 내역" total={l.total} offset={offset} onOffset={setOffset} />}
      </section>
    </div>
  );
}
