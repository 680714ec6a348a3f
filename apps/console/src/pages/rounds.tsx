import { type FormEvent, useEffect, useState } from 'react';
import { read, useApi } from '../api';
import { useCampaign } from '../campaign';
import { pageOf, Pager } from '../components/pager';
import { ProblemNotice } from '../components/problem';
import { formatCount, formatInstant } from '../format';
import { useLoad } from '../use-load';

type Source =
  | { kind: 'public_numbers'; label: string }
  | { kind: 'committed_seed'; label: string }
  | { kind: 'drand'; label: string; round: number }
  | { kind: 'lotto645'; label: string; drawNumber: number; drawDate: string };

/** What the page shows of the published round document (GET /campaigns/{id}/raffle/rounds/{round}). */
interface RoundDocument {
  status: 'open' | 'frozen' | 'draw_requested' | 'drawn';
  timeline: { declaredAt: string; opensAt: string; certificationClosesAt: string; reviewDeadline: string; freezeAt: string } | null;
  declaredSources: Source[];
  frozen: { frozenAt: string; entryCount: number; entryListHash: string; merkleRoot: string | null } | null;
  draw: { quota: number; winners: number; waitingListSize: number; drawnAt: string; keyString: string } | null;
}

/** GET .../winners: masked names only. */
interface WinnerList {
  places: number;
  winners: { entryId: string; rank: number; maskedName: string | null; status: string }[];
}

const STATUS_NAMES: Record<RoundDocument['status'], string> = {
  open: '접수 중',
  frozen: '명단 동결',
  draw_requested: '추첨 요청됨',
  drawn: '추첨 완료',
};
const AWARD_NAMES: Record<string, string> = { awarded: '당첨(확인 대기)', confirmed: '수령 확인' };

const SOURCE_HINTS: Record<Source['kind'], string> = {
  lotto645: '당첨번호 6개와 보너스 번호 (예: 3 11 19 27 38 44 7)',
  drand: 'drand 서명 (16진수; 연쇄 방식이면 이전 서명도)',
  committed_seed: '공개한 시드 값',
  public_numbers: '공개된 번호',
};

const describe = (source: Source): string =>
  source.kind === 'lotto645'
    ? `로또 6/45 제${source.drawNumber}회 (${source.drawDate})`
    : source.kind === 'drand'
      ? `drand ${source.round}라운드`
      : source.label;

export function RoundsPage() {
  const api = useApi();
  const campaign = useCampaign();
  const rounds = campaign?.raffle.rounds ?? [];
  const [round, setRound] = useState<number>(rounds[0]?.number ?? 1);
  const [values, setValues] = useState<string[]>([]);
  const [winnerOffset, setWinnerOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const campaignId = campaign?.campaignId ?? '';
  const path = { params: { path: { campaignId, round } } };
  const published = useLoad(
    async () => (campaign ? read<RoundDocument>(api.GET('/campaigns/{campaignId}/raffle/rounds/{round}', path)) : undefined),
    [api, campaignId, round],
  );
  const winners = useLoad(
    async () =>
      published.data?.status === 'drawn'
        ? read<WinnerList>(api.GET('/campaigns/{campaignId}/raffle/rounds/{round}/winners', path))
        : undefined,
    [api, campaignId, round, published.data?.status],
  );

  // The worker draws: while it has not, look again every second.
  useEffect(() => {
    if (published.data?.status !== 'draw_requested') return;
    const again = setTimeout(published.reload, 1000);
    return () => clearTimeout(again);
  });

  async function run(label: string, command: () => Promise<unknown>) {
    setError(null);
    try {
      await command();
      setDone(`${round}회차: ${label}`);
      published.reload();
      winners.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  const draw = (event: FormEvent) => {
    event.preventDefault();
    const numbers = (published.data?.declaredSources ?? []).map((_, i) => (values[i] ?? '').split(/[\s,]+/).filter(Boolean));
    void run('추첨을 요청했습니다', () =>
      read(api.POST('/campaigns/{campaignId}/raffle/rounds/{round}/draw', { ...path, body: { numbers } })),
    );
  };

  if (!campaign) return <p>캠페인이 없습니다.</p>;
  const d = published.data;
  return (
    <div>
      <div className="toolbar">
        <label htmlFor="round">회차</label>
        <select id="round" value={round} onChange={(event) => setRound(Number(event.target.value))}>
          {rounds.map((r) => (
            <option key={r.number} value={r.number}>
              {r.number}회차 ({r.startsOn} ~ {r.endsOn})
            </option>
          ))}
        </select>
        <a href={`/campaigns/${campaignId}/raffle/rounds/${round}`} target="_blank" rel="noreferrer">
          공개 문서(JSON) 보기
        </a>
      </div>
      <ProblemNotice error={published.error ?? winners.error ?? error} />
      <p className="status" role="status">
        {done}
      </p>
      {d && (
        <div className="two">
          <section className="card" aria-labelledby="round-state">
            <h2 id="round-state">
              상태: <span className="badge">{STATUS_NAMES[d.status]}</span>
            </h2>
            {d.timeline ? (
              <ol className="timeline" aria-label="일정">
                <li>추첨 방법 공표: {formatInstant(d.timeline.declaredAt)}</li>
                <li>접수 시작: {formatInstant(d.timeline.opensAt)}</li>
                <li>접수 마감: {formatInstant(d.timeline.certificationClosesAt)}</li>
                <li>심사 마감: {formatInstant(d.timeline.reviewDeadline)}</li>
                <li>명단 동결: {formatInstant(d.timeline.freezeAt)}</li>
              </ol>
            ) : (
              <p>추첨 방법이 아직 공표되지 않았습니다.</p>
            )}
            <h3>난수원</h3>
            <ul>
              {d.declaredSources.map((source, i) => (
                <li key={i}>{describe(source)}</li>
              ))}
            </ul>
            {d.frozen && (
              <p>
                동결 명단: {formatCount(d.frozen.entryCount)}명 · {formatInstant(d.frozen.frozenAt)}
                <br />
                <code className="hash">{d.frozen.merkleRoot ?? d.frozen.entryListHash}</code>
              </p>
            )}
            {d.status === 'open' && (
              <button
                type="button"
                onClick={() =>
                  run('명단을 동결했습니다', () => read(api.POST('/campaigns/{campaignId}/raffle/rounds/{round}/close', path)))
                }
              >
                명단 동결
              </button>
            )}
            {d.status === 'frozen' && (
              <form onSubmit={draw} aria-label="추첨">
                {d.declaredSources.map((source, i) => (
                  <div key={i} className="field">
                    <label htmlFor={`source-${i}`}>
                      {describe(source)} 결과 — {SOURCE_HINTS[source.kind]}
                    </label>
                    <input
                      id={`source-${i}`}
                      value={values[i] ?? ''}
                      onChange={(event) => setValues((all) => Object.assign([...all], { [i]: event.target.value }))}
                      required
                    />
                  </div>
                ))}
                <button type="submit" className="primary">
                  추첨 실행
                </button>
              </form>
            )}
            {d.draw && (
              <p>
                추첨 시각 {formatInstant(d.draw.drawnAt)} · 당첨 {formatCount(d.draw.winners)}명 · 예비 명단 최대{' '}
                {formatCount(d.draw.waitingListSize)}명
              </p>
            )}
          </section>
          <section className="card" aria-labelledby="winners-title">
            <h2 id="winners-title">당첨자 (이름 가림)</h2>
            {winners.data ? (
              <>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">순위</th>
                      <th scope="col">이름</th>
                      <th scope="col">상태</th>
                      <th scope="col">처리</th>
                    </tr>
                  </thead>
                  <tbody>
                    {pageOf(winners.data.winners, winnerOffset).map((winner) => (
                      <tr key={winner.entryId}>
                        <td>{winner.rank}</td>
                        <th scope="row">{winner.maskedName ?? '(삭제됨)'}</th>
                        <td>{AWARD_NAMES[winner.status] ?? winner.status}</td>
                        <td>
                          {winner.status === 'awarded' && (
                            <button
                              type="button"
                              aria-label={`${winner.rank}위 자격 박탈`}
                              onClick={() => {
                                const note = window.prompt('자격 박탈 사유')?.trim();
                                if (note)
                                  void run('자격을 박탈했습니다', () =>
                                    read(
                                      api.POST('/campaigns/{campaignId}/raffle/awards/{entryId}/disqualify', {
                                        params: { path: { campaignId, entryId: winner.entryId } },
                                        body: { note },
                                      }),
                                    ),
                                  );
                              }}
                            >
                              자격 박탈
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Pager label="당첨자" total={winners.data.winners.length} offset={winnerOffset} onOffset={setWinnerOffset} />
              </>
            ) : (
              <p>추첨 후에 공개됩니다.</p>
            )}
            <button
              type="button"
              onClick={() =>
                run('경품 배정과 기한 정리를 마쳤습니다', () =>
                  read(api.POST('/campaigns/{campaignId}/raffle/awards/settle', { params: { path: { campaignId } } })),
                )
              }
            >
              경품 배정·미확인 몰수 처리
            </button>
          </section>
        </div>
      )}
    </div>
  );
}
