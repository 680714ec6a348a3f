import type { HolderCheckAnswer } from '../decider';
import { AccountHolderCheck, AccountHolderCheckUnavailableError, type HolderInquiry } from './account-holder-check';

export interface PortOneV1Credentials {
  /** `https://api.iamport.kr` in production; a test points it at its own server. */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Per request; a provider that hangs is unavailable, not a reason to hang the api. */
  timeoutMs?: number;
}

interface PortOneV1Envelope<T> {
  code: number;
  message: string | null;
  response: T | null;
}

/**
 * PortOne (formerly iamport) V1 REST API, as its reference states it
 * (developers.portone.io, API V1: "API 인증" and "예금주 조회 API"):
 *  - POST {base}/users/getToken with JSON `{ imp_key, imp_secret }` answers
 *    `{ code: 0, message, response: { access_token, now, expired_at } }`; 401 on wrong keys.
 *  - GET {base}/vbanks/holder?bank_code=&bank_num= with the access token in the
 *    `Authorization` header answers `{ code: 0, message, response: { bank_holder } }`;
 *    404 when the account cannot be found, 401 without a valid token, 400 without bank_code.
 * A token is fetched per inquiry: inquiries are rare (one per account registration) and this
 * keeps no token in process memory that replicas would each refresh.
 */
export class PortOneV1AccountHolderCheck extends AccountHolderCheck {
  readonly name = 'portone-v1';

  constructor(private readonly credentials: PortOneV1Credentials) {
    super();
  }

  async lookUp({ bankCode, accountNumber }: HolderInquiry): Promise<HolderCheckAnswer> {
    const token = await this.accessToken();
    const url = new URL('/vbanks/holder', this.credentials.baseUrl);
    url.searchParams.set('bank_code', bankCode);
    url.searchParams.set('bank_num', accountNumber);
    const response = await this.request(url, { method: 'GET', headers: { Authorization: token } });
    if (response.status === 404) return { found: false, checkedBy: this.name };
    const body = await this.envelope<{ bank_holder: string }>(response, 'vbanks/holder');
    const holderName = body.response?.bank_holder;
    if (typeof holderName !== 'string' || holderName.trim() === '')
      throw new AccountHolderCheckUnavailableError('vbanks/holder answered without bank_holder');
    return { found: true, holderName, checkedBy: this.name };
  }

  private async accessToken(): Promise<string> {
    const response = await this.request(new URL('/users/getToken', this.credentials.baseUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ imp_key: this.credentials.apiKey, imp_secret: this.credentials.apiSecret }),
    });
    const body = await this.envelope<{ access_token: string }>(response, 'users/getToken');
    const token = body.response?.access_token;
    if (typeof token !== 'string' || token === '')
      throw new AccountHolderCheckUnavailableError('users/getToken answered without access_token');
    return token;
  }

  private async request(url: URL, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.credentials.timeoutMs ?? 10_000) });
    } catch (error) {
      throw new AccountHolderCheckUnavailableError(`${url.pathname}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A 2xx with `code: 0`, or the provider is unavailable to us (its message, never our secrets). */
  private async envelope<T>(response: Response, what: string): Promise<PortOneV1Envelope<T>> {
    const body = (await response.json().catch(() => null)) as PortOneV1Envelope<T> | null;
    if (!response.ok || !body || body.code !== 0) {
      throw new AccountHolderCheckUnavailableError(`${what} answered ${response.status}${body?.message ? `: ${body.message}` : ''}`);
    }
    return body;
  }
}
