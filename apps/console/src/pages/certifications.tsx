import { type FormEvent, useEffect, useRef, useState } from 'react';
import { read, useApi } from '../api';
import { useCampaign } from '../campaign';
import { pageOf, Pager, PAGE_SIZE } from '../components/pager';
import { ProblemNotice } from '../components/problem';
import { formatInstant, formatWon } from '../format';
import { useLoad } from '../use-load';

/** What the review shows of a pending certification (GET /raffle/certifications/pending). */
interface PendingCertification {
  certificationId: string;
  round: number;
  evidence: { amount: number; shopName: string | null; paidOn: string; hasPhoto: boolean };
  submittedAt: string;
  contact: { erased: boolean; name: string | null; phone: string | null };
}

/** The receipt photo, fetched with the staff token (an <img src> could not send it), as an object URL. */
function useReceiptPhoto(certificationId: string | undefined) {
  const api = useApi();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    setUrl(null);
    if (!certificationId) return;
    let objectUrl: string | null = null;
    api.GET('/raffle/certifications/{id}/photo', { params: { path: { id: certificationId } }, parseAs: 'blob' }).then(({ data }) => {
      if (data instanceof Blob) setUrl((objectUrl = URL.createObjectURL(data)));
    });
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, certificationId]);
  return url;
}

/**
 * The review queue, oldest first, one receipt at a time: the photo beside what the citizen
 * claimed. Keys: j / k next and previous, a approve, r reject (then type the reason).
 */
export function CertificationsPage() {
  const api = useApi();
  const campaign = useCampaign();
  // The queue is a view: after a decision, read it at the decision's position so the item leaves.
  const [after, setAfter] = useState<string | undefined>();
  const queue = useLoad(
    async () =>
      campaign
        ? read<PendingCertification[]>(
            api.GET('/raffle/certifications/pending', { params: { query: { campaignId: campaign.campaignId, after } } }),
          )
        : [],
    [api, campaign?.campaignId, after],
  );
  const items = queue.data ?? [];
  const [index, setIndex] = useState(0);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const reasonInput = useRef<HTMLInputElement>(null);
  const current = items[Math.min(index, items.length - 1)];
  const photo = useReceiptPhoto(current?.evidence.hasPhoto ? current.certificationId : undefined);

  async function decide(kind: 'approve' | 'reject') {
    if (!current) return;
    setError(null);
    const path = { params: { path: { id: current.certificationId } } };
    try {
      const accepted = await read<{ position: string }>(
        kind === 'approve'
          ? api.POST('/raffle/certifications/{id}/approve', path)
          : api.POST('/raffle/certifications/{id}/reject', { ...path, body: { reason } }),
      );
      setDone(`${current.contact.name ?? ''} ${formatWon(current.evidence.amount)}: ${kind === 'approve' ? '승인' : '반려'} 완료`);
      setRejecting(false);
      setReason('');
      setAfter(accepted.position);
    } catch (failure) {
      setError(failure);
    }
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (rejecting || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'j') setIndex((i) => Math.min(i + 1, Math.max(items.length - 1, 0)));
      else if (event.key === 'k') setIndex((i) => Math.max(i - 1, 0));
      else if (event.key === 'a') void decide('approve');
      else if (event.key === 'r') {
        setRejecting(true);
        setTimeout(() => reasonInput.current?.focus(), 0);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const offset = Math.floor(index / PAGE_SIZE) * PAGE_SIZE;
  const reject = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) void decide('reject');
  };

  return (
    <div className="review">
      <p className="hint" id="review-keys">
        단축키: <kbd>j</kbd> 다음 · <kbd>k</kbd> 이전 · <kbd>a</kbd> 승인 · <kbd>r</kbd> 반려(사유 입력)
      </p>
      <ProblemNotice error={queue.error ?? error} />
      <p className="status" role="status">
        {done}
      </p>
      <div className="review-grid">
        <section aria-label="심사 대기 목록">
          <ol className="queue">
            {pageOf(items, offset).map((item, i) => (
              <li key={item.certificationId}>
                <button type="button" aria-current={item === current ? 'true' : undefined} onClick={() => setIndex(offset + i)}>
                  {item.round}회차 · {item.contact.name ?? '(삭제됨)'} · {formatWon(item.evidence.amount)}
                </button>
              </li>
            ))}
          </ol>
          <Pager label="심사 대기" total={items.length} offset={offset} onOffset={(next) => setIndex(next)} />
          {items.length === 0 && !queue.loading && <p>심사할 영수증이 없습니다.</p>}
        </section>
        {current && (
          <section className="card receipt" aria-label="영수증 심사" aria-describedby="review-keys">
            <figure>
              {photo ? (
                <img src={photo} alt={`${current.contact.name ?? ''}님이 올린 영수증 사진`} />
              ) : (
                <div className="photo-missing">사진 없음</div>
              )}
            </figure>
            <dl>
              <dt>신청 금액</dt>
              <dd className="claimed">{formatWon(current.evidence.amount)}</dd>
              <dt>가게</dt>
              <dd>{current.evidence.shopName ?? '—'}</dd>
              <dt>결제일</dt>
              <dd>{current.evidence.paidOn}</dd>
              <dt>신청자</dt>
              <dd>
                {current.contact.name ?? '(삭제됨)'} · {current.contact.phone ?? ''}
              </dd>
              <dt>접수</dt>
              <dd>
                {formatInstant(current.submittedAt)} · {current.round}회차
              </dd>
            </dl>
            <div className="actions">
              <button type="button" className="primary" onClick={() => decide('approve')}>
                승인 (a)
              </button>
              <button
                type="button"
                onClick={() => {
                  setRejecting(true);
                  setTimeout(() => reasonInput.current?.focus(), 0);
                }}
              >
                반려 (r)
              </button>
            </div>
            {rejecting && (
              <form onSubmit={reject} className="reject">
                <label htmlFor="reject-reason">반려 사유 (신청자에게 보입니다)</label>
                <input
                  id="reject-reason"
                  ref={reasonInput}
                  value={reason}
                  maxLength={500}
                  onChange={(event) => setReason(event.target.value)}
                  onKeyDown={(event) => event.key === 'Escape' && setRejecting(false)}
                  required
                />
                <button type="submit">반려</button>
              </form>
            )}
          </section>
        )}
      </div>
    </div>
  );
}
