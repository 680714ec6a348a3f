import type { components } from '@goodpay/api-client';
import { useState } from 'react';
import { read, useApi } from '../api';
import { PAGE_SIZE, Pager } from '../components/pager';
import { ProblemNotice } from '../components/problem';
import { formatInstant } from '../format';
import { useLoad } from '../use-load';
import { CATEGORY_NAMES } from './dashboard';

type MerchantPage = components['schemas']['MerchantPage'];
type Merchant = MerchantPage['items'][number];
type Status = 'pending' | 'approved' | 'rejected' | 'suspended' | 'closed';

const STATUS_NAMES: Record<Status, string> = {
  pending: '심사 대기',
  approved: '승인',
  rejected: '거절',
  suspended: '정지',
  closed: '폐업',
};

/** What staff may do to a shop in each status, and whether the owner is told a reason. */
const ACTIONS: Record<Status, { action: 'approve' | 'reject' | 'suspend' | 'reinstate'; label: string; reason: boolean }[]> = {
  pending: [
    { action: 'approve', label: '승인', reason: false },
    { action: 'reject', label: '거절', reason: true },
  ],
  approved: [{ action: 'suspend', label: '정지', reason: true }],
  suspended: [{ action: 'reinstate', label: '재개', reason: true }],
  rejected: [],
  closed: [],
};

export function MerchantsPage() {
  const api = useApi();
  const [status, setStatus] = useState<Status>('pending');
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  // The list is a view: after a command, read it at the command's position so the change shows.
  const [after, setAfter] = useState<string | undefined>();
  const merchants = useLoad(
    () => read<MerchantPage>(api.GET('/merchants', { params: { query: { status, limit: PAGE_SIZE, offset, after } } })),
    [api, status, offset, after],
  );

  async function act(merchant: Merchant, action: 'approve' | 'reject' | 'suspend' | 'reinstate', label: string, needsReason: boolean) {
    setError(null);
    let reason = '';
    if (needsReason) {
      reason = window.prompt(`${merchant.name}: ${label} 사유 (가맹점주에게 보입니다)`)?.trim() ?? '';
      if (!reason) return;
    }
    const path = { params: { path: { id: merchant.merchantId } } };
    try {
      const accepted = await read<{ position: string }>(
        action === 'approve'
          ? api.POST('/merchants/{id}/approve', path)
          : action === 'reject'
            ? api.POST('/merchants/{id}/reject', { ...path, body: { reason } })
            : action === 'suspend'
              ? api.POST('/merchants/{id}/suspend', { ...path, body: { reason } })
              : api.POST('/merchants/{id}/reinstate', { ...path, body: { reason } }),
      );
      setDone(`${merchant.name}: ${label} 완료`);
      setAfter(accepted.position);
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <div>
      <div className="toolbar">
        <label htmlFor="merchant-status">상태</label>
        <select
          id="merchant-status"
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as Status);
            setOffset(0);
          }}
        >
          {Object.entries(STATUS_NAMES).map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <ProblemNotice error={merchants.error ?? error} />
      <p className="status" role="status">
        {done}
      </p>
      <table>
        <caption className="visually-hidden">가맹점 ({STATUS_NAMES[status]})</caption>
        <thead>
          <tr>
            <th scope="col">상호</th>
            <th scope="col">업종</th>
            <th scope="col">지역</th>
            <th scope="col">사업자등록번호</th>
            <th scope="col">신청일</th>
            <th scope="col">사유</th>
            <th scope="col">처리</th>
          </tr>
        </thead>
        <tbody>
          {merchants.data?.items.map((merchant) => (
            <tr key={merchant.merchantId}>
              <th scope="row">{merchant.name}</th>
              <td>{CATEGORY_NAMES[merchant.category] ?? merchant.category}</td>
              <td>{merchant.district}</td>
              <td>{merchant.businessRegistrationNumber}</td>
              <td>{formatInstant(merchant.registeredAt)}</td>
              <td>{merchant.statusReason ?? ''}</td>
              <td className="actions">
                {ACTIONS[(merchant.status ?? status) as Status].map(({ action, label, reason }) => (
                  <button
                    key={action}
                    type="button"
                    onClick={() => act(merchant, action, label, reason)}
                    aria-label={`${merchant.name} ${label}`}
                  >
                    {label}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {merchants.data && merchants.data.items.length === 0 && <p>해당 상태의 가맹점이 없습니다.</p>}
      {merchants.data && <Pager label="가맹점" total={merchants.data.total} offset={offset} onOffset={setOffset} />}
    </div>
  );
}
