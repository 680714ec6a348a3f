import { useState } from 'react';
import { read, useApi } from '../api';
import { pageOf, PAGE_SIZE, Pager } from '../components/pager';
import { ProblemNotice } from '../components/problem';
import { formatInstant, formatWon, seoulToday } from '../format';
import { useLoad } from '../use-load';

/** What the page shows of GET /settlements (a page), GET /payouts and a day's reconciliation. */
interface Settlement {
  settlementId: string;
  merchantName: string | null;
  day: string;
  itemCount: number;
  collected: number;
  refunded: number;
  fee: number;
  pledge: number;
  payout: number;
  payoutStatus: string | null;
}
interface SettlementPage {
  items: Settlement[];
  total: number;
}
interface Payout {
  settlementId: string;
  merchantName: string | null;
  amount: number;
  status: string;
  failedAttempts: number;
  lastError: string | null;
  scheduledAt: string;
  paidAt: string | null;
}
interface Figures {
  collected: number;
  refunded: number;
  fee: number;
  pledge: number;
  carriedIn: number;
  carriedOut: number;
  payout: number;
  paid: number;
  difference: number;
}
interface Reconciliation {
  day: string;
  lines: (Figures & { settlementId: string; merchantName: string | null })[];
  totals: Figures;
  balanced: boolean;
  unsettled: { count: number; collected: number; refunded: number };
}

const PAYOUT_NAMES: Record<string, string> = { scheduled: '예정', paid: '지급 완료', failed: '실패', retried: '재시도 중' };

export function SettlementsPage() {
  const api = useApi();
  const [day, setDay] = useState(seoulToday());
  const [offset, setOffset] = useState(0);
  const [payoutOffset, setPayoutOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const settlements = useLoad(
    () => read<SettlementPage>(api.GET('/settlements', { params: { query: { limit: PAGE_SIZE, offset } } })),
    [api, offset],
  );
  const payouts = useLoad(() => read<Payout[]>(api.GET('/payouts', {})), [api]);
  const reconciliation = useLoad(
    () => read<Reconciliation>(api.GET('/settlement-days/{day}/reconciliation', { params: { path: { day } } })),
    [api, day],
  );

  async function run(label: string, command: () => Promise<unknown>) {
    setError(null);
    try {
      await command();
      setDone(label);
      settlements.reload();
      payouts.reload();
      reconciliation.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  const r = reconciliation.data;
  return (
    <div>
      <ProblemNotice error={error ?? settlements.error ?? payouts.error ?? reconciliation.error} />
      <p className="status" role="status">
        {done}
      </p>
      <section className="card" aria-labelledby="reconciliation-title">
        <h2 id="reconciliation-title">일자별 대사</h2>
        <div className="toolbar">
          <label htmlFor="day">정산일</label>
          <input id="day" type="date" value={day} onChange={(event) => event.target.value && setDay(event.target.value)} />
          <button
            type="button"
            onClick={() =>
              run(`${day} 정산을 요청했습니다`, () => read(api.POST('/settlement-days/{day}/run', { params: { path: { day } } })))
            }
          >
            이 날 정산 실행
          </button>
        </div>
        {r && (
          <>
            <p>
              {r.balanced ? '맞음: 수납 = 지급 + 수수료 + 기부 + 환불' : `불일치: 차액 ${formatWon(r.totals.difference)}`} · 미정산{' '}
              {r.unsettled.count}건 ({formatWon(r.unsettled.collected)})
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">가맹점</th>
                  <th scope="col">수납</th>
                  <th scope="col">환불</th>
                  <th scope="col">수수료</th>
                  <th scope="col">기부</th>
                  <th scope="col">지급</th>
                  <th scope="col">입금 확인</th>
                  <th scope="col">차액</th>
                </tr>
              </thead>
              <tbody>
                {r.lines.map((line) => (
                  <tr key={line.settlementId}>
                    <th scope="row">{line.merchantName ?? line.settlementId}</th>
                    <td>{formatWon(line.collected)}</td>
                    <td>{formatWon(line.refunded)}</td>
                    <td>{formatWon(line.fee)}</td>
                    <td>{formatWon(line.pledge)}</td>
                    <td>{formatWon(line.payout)}</td>
                    <td>{formatWon(line.paid)}</td>
                    <td>{formatWon(line.difference)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="settlements-title">
        <h2 id="settlements-title">정산 내역</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">정산일</th>
              <th scope="col">가맹점</th>
              <th scope="col">건수</th>
              <th scope="col">수납</th>
              <th scope="col">수수료</th>
              <th scope="col">기부</th>
              <th scope="col">지급액</th>
              <th scope="col">지급 상태</th>
            </tr>
          </thead>
          <tbody>
            {settlements.data?.items.map((s) => (
              <tr key={s.settlementId}>
                <td>{s.day}</td>
                <th scope="row">{s.merchantName ?? '—'}</th>
                <td>{s.itemCount}</td>
                <td>{formatWon(s.collected)}</td>
                <td>{formatWon(s.fee)}</td>
                <td>{formatWon(s.pledge)}</td>
                <td>{formatWon(s.payout)}</td>
                <td>{s.payoutStatus ? (PAYOUT_NAMES[s.payoutStatus] ?? s.payoutStatus) : '지급 없음'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {settlements.data && <Pager label="정산 내역" total={settlements.data.total} offset={offset} onOffset={setOffset} />}
      </section>
      <section className="card" aria-labelledby="payouts-title">
        <h2 id="payouts-title">지급 (확인이 필요한 것부터)</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">가맹점</th>
              <th scope="col">금액</th>
              <th scope="col">상태</th>
              <th scope="col">실패</th>
              <th scope="col">예정</th>
              <th scope="col">지급</th>
              <th scope="col">처리</th>
            </tr>
          </thead>
          <tbody>
            {pageOf(payouts.data ?? [], payoutOffset).map((p) => (
              <tr key={p.settlementId}>
                <th scope="row">{p.merchantName ?? '—'}</th>
                <td>{formatWon(p.amount)}</td>
                <td>{PAYOUT_NAMES[p.status] ?? p.status}</td>
                <td>
                  {p.failedAttempts}
                  {p.lastError ? ` (${p.lastError})` : ''}
                </td>
                <td>{formatInstant(p.scheduledAt)}</td>
                <td>{formatInstant(p.paidAt)}</td>
                <td>
                  {p.status === 'failed' && (
                    <button
                      type="button"
                      onClick={() =>
                        run('지급을 다시 시도합니다', () =>
                          read(api.POST('/payouts/{settlementId}/retry', { params: { path: { settlementId: p.settlementId } } })),
                        )
                      }
                    >
                      재시도
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager label="지급" total={payouts.data?.length ?? 0} offset={payoutOffset} onOffset={setPayoutOffset} />
      </section>
    </div>
  );
}
