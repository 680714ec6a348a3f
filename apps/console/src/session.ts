import type { components } from '@goodpay/api-client';
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { publicApi, read } from './api';

/** Who is signed in to the console and the bearer token the api is called with. */
export interface Session {
  token: string;
  subject: string;
  via: 'development' | 'openid';
}

/** How this api lets the console sign in (GET /console-settings). */
export type SignInSettings = components['schemas']['ConsoleSettings'];

const SESSION_KEY = 'goodpay.console.session';

export const loadSignInSettings = (): Promise<SignInSettings> => read<SignInSettings>(publicApi().GET('/console-settings'));

export function savedSession(): Session | null {
  const saved = sessionStorage.getItem(SESSION_KEY);
  return saved ? (JSON.parse(saved) as Session) : null;
}

function keep(session: Session): Session {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

export function forget(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** Development only: a staff token from the api's development token route (404 in production). */
export async function signInWithDevelopmentToken(subject: string): Promise<Session> {
  const issued = await read<{ token: string; subject: string }>(publicApi().POST('/dev/tokens', { body: { subject, role: 'staff' } }));
  return keep({ token: issued.token, subject: issued.subject, via: 'development' });
}

const redirectUri = () => `${window.location.origin}/console/`;

function openIdManager({ issuer, clientId, scope }: NonNullable<SignInSettings['openId']>): UserManager {
  return new UserManager({
    authority: issuer,
    client_id: clientId,
    redirect_uri: redirectUri(),
    post_logout_redirect_uri: redirectUri(),
    response_type: 'code', // authorization code; oidc-client-ts adds PKCE (S256)
    scope,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

/** Off to the OpenID provider; it sends the browser back to /console/ with a code. */
export const signInWithOpenId = (settings: NonNullable<SignInSettings['openId']>): Promise<void> =>
  openIdManager(settings).signinRedirect();

/** Back from the provider (?code=&state=): the code for tokens, the access token for the api. */
export async function finishOpenIdSignIn(settings: SignInSettings): Promise<Session | null> {
  const query = new URLSearchParams(window.location.search);
  if (query.has('error')) {
    // The provider said no (a refused consent, a misconfigured client): say why, and start over clean.
    window.history.replaceState(null, '', redirectUri() + window.location.hash);
    throw new Error(`로그인 실패: ${query.get('error_description') ?? query.get('error')}`);
  }
  if (!settings.openId || !query.has('code') || !query.has('state')) return null;
  const user = await openIdManager(settings.openId).signinRedirectCallback();
  window.history.replaceState(null, '', redirectUri() + window.location.hash);
  return keep({ token: user.access_token, subject: user.profile.sub, via: 'openid' });
}
