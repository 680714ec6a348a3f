import { createApiClient, type components } from '@goodpay/api-client';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { API_BASE_URL, ApiContext, read } from './api';
import { ProblemNotice } from './components/problem';
import { CampaignContext } from './campaign';
import { CertificationsPage } from './pages/certifications';
import { DashboardPage } from './pages/dashboard';
import { DonationsPage } from './pages/donations';
import { InvariantsPage } from './pages/invariants';
import { MerchantsPage } from './pages/merchants';
import { MessagesPage } from './pages/messages';
import { RoundsPage } from './pages/rounds';
import { SettlementsPage } from './pages/settlements';
import {
  finishOpenIdSignIn,
  forget,
  loadSignInSettings,
  savedSession,
  type Session,
  type SignInSettings,
  signInWithDevelopmentToken,
  signInWithOpenId,
} from './session';
import { useLoad } from './use-load';

const PAGES = [
  { path: '', title: '캠페인 현황', Page: DashboardPage },
  { path: 'merchants', title: '가맹점 신청', Page: MerchantsPage },
  { path: 'certifications', title: '인증 심사', Page: CertificationsPage },
  { path: 'rounds', title: '추첨 회차', Page: RoundsPage },
  { path: 'settlements', title: '정산·지급', Page: SettlementsPage },
  { path: 'donations', title: '기부·영수증', Page: DonationsPage },
  { path: 'messages', title: '실패한 알림', Page: MessagesPage },
  { path: 'invariants', title: '정합성 점검', Page: InvariantsPage },
] as const;

const routeOf = () => window.location.hash.replace(/^#\/?/, '');

function useRoute(): string {
  const [route, setRoute] = useState(routeOf);
  useEffect(() => {
    const changed = () => setRoute(routeOf());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

export function App() {
  const [session, setSession] = useState<Session | null>(savedSession);
  const settings = useLoad(loadSignInSettings, []);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!settings.data || session) return;
    finishOpenIdSignIn(settings.data).then((done) => done && setSession(done), setError);
  }, [settings.data, session]);

  if (!session) {
    return (
      <main className="sign-in" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">착한 선결제 운영 콘솔</h1>
        <ProblemNotice error={settings.error ?? error} />
        {settings.data && <SignIn settings={settings.data} onSession={setSession} />}
      </main>
    );
  }
  return (
    <Shell
      session={session}
      onSignOut={() => {
        forget();
        setSession(null);
      }}
    />
  );
}

function SignIn({ settings, onSession }: { settings: SignInSettings; onSession: (session: Session) => void }) {
  const [subject, setSubject] = useState('staff-1');
  const [error, setError] = useState<unknown>(null);
  const development = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    signInWithDevelopmentToken(subject).then(onSession, setError);
  };
  return (
    <div className="card">
      <ProblemNotice error={error} />
      {settings.openId && (
        <button type="button" className="primary" onClick={() => signInWithOpenId(settings.openId!).catch(setError)}>
          기관 계정으로 로그인
        </button>
      )}
      {settings.developmentTokens && (
        <form onSubmit={development} aria-label="개발용 로그인">
          <p className="hint">개발 환경 전용: 운영자(staff) 개발 토큰으로 로그인합니다.</p>
          <label htmlFor="subject">운영자 아이디</label>
          <input
            id="subject"
            value={subject}
            onChange={(event) => setSubject(event.target.value)}
            required
            pattern="[A-Za-z0-9._:@\-]{1,128}"
          />
          <button type="submit" className="primary">
            개발 토큰으로 로그인
          </button>
        </form>
      )}
      {!settings.openId && !settings.developmentTokens && <p>로그인 방법이 설정되지 않았습니다 (OIDC_ISSUER, CONSOLE_OIDC_CLIENT_ID).</p>}
    </div>
  );
}

type CampaignPage = components['schemas']['CampaignPage'];

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const api = useMemo(() => createApiClient({ baseUrl: API_BASE_URL, token: session.token }), [session.token]);
  const route = useRoute();
  const campaigns = useLoad(() => read<CampaignPage>(api.GET('/campaigns', { params: { query: { limit: 100 } } })), [api]);
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem('goodpay.console.campaign'));
  const campaign = campaigns.data?.items.find((c) => c.campaignId === chosen) ?? campaigns.data?.items[0] ?? null;
  const current = PAGES.find((page) => page.path === route) ?? PAGES[0];

  useEffect(() => {
    document.title = `${current.title} · 착한 선결제 운영 콘솔`;
  }, [current]);

  return (
    <ApiContext.Provider value={api}>
      <CampaignContext.Provider value={campaign}>
        <a className="skip" href="#content">
          본문으로 건너뛰기
        </a>
        <header className="top">
          <span className="brand">착한 선결제 운영 콘솔</span>
          <label htmlFor="campaign">캠페인</label>
          <select
            id="campaign"
            value={campaign?.campaignId ?? ''}
            onChange={(event) => {
              localStorage.setItem('goodpay.console.campaign', event.target.value);
              setChosen(event.target.value);
            }}
          >
            {campaigns.data?.items.map((c) => (
              <option key={c.campaignId} value={c.campaignId}>
                {c.name}
              </option>
            ))}
          </select>
          <span className="who">
            {session.subject} ({session.via === 'openid' ? '기관 계정' : '개발 토큰'})
          </span>
          <button type="button" onClick={onSignOut}>
            로그아웃
          </button>
        </header>
        <div className="layout">
          <nav className="side" aria-label="메뉴">
            <ul>
              {PAGES.map((page) => (
                <li key={page.path}>
                  <a href={`#/${page.path}`} aria-current={page === current ? 'page' : undefined}>
                    {page.title}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <main id="content" tabIndex={-1}>
            <h1>{current.title}</h1>
            <ProblemNotice error={campaigns.error} />
            <current.Page />
          </main>
        </div>
      </CampaignContext.Provider>
    </ApiContext.Provider>
  );
}
