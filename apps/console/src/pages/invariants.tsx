import { useState } from 'react';
import { read, useApi } from '../api';
import { pageOf, Pager } from '../components/pager';
import { ProblemNotice } from '../components/problem';
import { formatCount, formatWon } from '../format';

/** What the page shows of POST /admin/invariants/check. */
interface InvariantReport {
  ok: boolean;
  checkedUpTo: unknown;
  checkedPrepayments: number;
  totals: { prepaid: number; redeemed: number; refunded: number; balance: number };
  violations: { prepaymentId: string | null; kind: string; expected: number | string | null; actual: number | string | null }[];
  truncated: boolean;
}

/** Recomputes every prepayment's balance from the event log and compares it with the read model. */
export function InvariantsPage() {
  const api = useApi();
  const [report, setReport] = useState<InvariantReport | null>(null);
  const [running, setRunning] = useState(false);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);

  async function check() {
    setError(null);
    setRunning(true);
    try {
      setReport(await read<InvariantReport>(api.POST('/admin/invariants/check', {})));
      setOffset(0);
    } catch (failure) {
      setError(failure);
    } finally {
      setRunning(false);
    }
  }

  return (
    <div>
      <p>이벤트 기록에서 모든 선결제의 잔액을 다시 계산해 조회용 잔액과 비교합니다.</p>
      <button type="button" className="primary" onClick={check} disabled={running}>
        {running ? '점검 중…' : '정합성 점검 실행'}
      </button>
      <ProblemNotice error={error} />
      <div role="status">
        {report && (
          <section className={`card ${report.ok ? 'ok' : 'bad'}`}>
            <h2>{report.ok ? '이상 없음' : `불일치 ${report.violations.length}건${report.truncated ? ' 이상' : ''}`}</h2>
            <p>
              선결제 {formatCount(report.checkedPrepayments)}건 · 결제 {formatWon(report.totals.prepaid)} · 사용{' '}
              {formatWon(report.totals.redeemed)} · 환불 {formatWon(report.totals.refunded)} · 잔액 {formatWon(report.totals.balance)}
            </p>
          </section>
        )}
      </div>
      {report && report.violations.length > 0 && (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">선결제</th>
                <th scope="col">종류</th>
                <th scope="col">기록 기준</th>
                <th scope="col">조회용</th>
              </tr>
            </thead>
            <tbody>
              {pageOf(report.violations, offset).map((v, i) => (
                <tr key={`${v.prepaymentId}-${i}`}>
                  <td>{v.prepaymentId ?? '전체'}</td>
                  <td>{v.kind}</td>
                  <td>{String(v.expected)}</td>
                  <td>{String(v.actual)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager label="불일치" total={report.violations.length} offset={offset} onOffset={setOffset} />
        </>
      )}
    </div>
  );
}
