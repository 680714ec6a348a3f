import { useState } from 'react';
import { read, useApi } from '../api';
import { PAGE_SIZE, Pager } from '../components/pager';
import { ProblemNotice } from '../components/problem';
import { formatInstant } from '../format';
import { useLoad } from '../use-load';

/** What the page shows of GET /notifications/failed: ids and reasons, never an address. */
interface FailedPage {
  items: {
    notificationId: string;
    kind: string;
    recipientId: string;
    attempts: number;
    sendRound: number;
    lastChannel: string | null;
    failureCode: string;
    failureMessage: string | null;
    failedAt: string;
  }[];
  total: number;
}

const KIND_NAMES: Record<string, string> = {
  prepayment_made: '선결제 완료',
  prepayment_redeemed: '선결제 사용',
  prepayment_refunded: '선결제 환불',
  certification_approved: '추첨 인증 승인',
  certification_rejected: '추첨 인증 반려',
  raffle_won: '추첨 당첨',
  merchant_settled: '가맹점 정산',
  donation_receipt_issued: '기부금 영수증',
  campaign_news: '캠페인 소식',
};

const CHANNEL_NAMES: Record<string, string> = { alimtalk: '알림톡', sms: '문자', lms: '장문 문자', email: '이메일' };

export function MessagesPage() {
  const api = useApi();
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const failed = useLoad(
    () => read<FailedPage>(api.GET('/notifications/failed', { params: { query: { limit: PAGE_SIZE, offset } } })),
    [api, offset],
  );

  async function resend(notificationId: string) {
    setError(null);
    try {
      await read(api.POST('/notifications/{id}/resend', { params: { path: { id: notificationId } } }));
      setDone('다시 보내기를 요청했습니다');
      failed.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <div>
      <ProblemNotice error={error ?? failed.error} />
      <p className="status" role="status">
        {done}
      </p>
      <table>
        <caption className="visually-hidden">보내지 못한 알림</caption>
        <thead>
          <tr>
            <th scope="col">실패 시각</th>
            <th scope="col">알림 종류</th>
            <th scope="col">받는 사람(아이디)</th>
            <th scope="col">마지막 경로</th>
            <th scope="col">시도</th>
            <th scope="col">사유</th>
            <th scope="col">처리</th>
          </tr>
        </thead>
        <tbody>
          {failed.data?.items.map((n) => (
            <tr key={n.notificationId}>
              <td>{formatInstant(n.failedAt)}</td>
              <td>{KIND_NAMES[n.kind] ?? n.kind}</td>
              <th scope="row">{n.recipientId}</th>
              <td>{n.lastChannel ? (CHANNEL_NAMES[n.lastChannel] ?? n.lastChannel) : '—'}</td>
              <td>
                {n.attempts}회 (발송 {n.sendRound + 1}차)
              </td>
              <td>
                {n.failureCode}
                {n.failureMessage ? `: ${n.failureMessage}` : ''}
              </td>
              <td>
                <button
                  type="button"
                  onClick={() => resend(n.notificationId)}
                  aria-label={`${n.recipientId}에게 ${KIND_NAMES[n.kind] ?? n.kind} 알림 다시 보내기`}
                >
                  다시 보내기
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {failed.data && failed.data.items.length === 0 && <p>보내지 못한 알림이 없습니다.</p>}
      {failed.data && <Pager label="실패한 알림" total={failed.data.total} offset={offset} onOffset={setOffset} />}
    </div>
  );
}
