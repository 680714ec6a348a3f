import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * PortOne V1's REST API as far as the account-holder check uses it, from its reference
 * (developers.portone.io, API V1, "API 인증" and "예금주 조회 API" GET /vbanks/holder):
 *  - POST /users/getToken, JSON { imp_key, imp_secret } -> 200 { code: 0, message: null,
 *    response: { access_token, now, expired_at } }, 401 { code: -1, message } on wrong keys;
 *  - GET /vbanks/holder?bank_code=&bank_num= with the access token in `Authorization` ->
 *    200 { code: 0, message: null, response: { bank_holder } }; 400 without bank_code; 401
 *    without a valid token; 404 when the account cannot be found.
 */
export class FakePortOneV1 {
  readonly apiKey = 'imp_test_key';
  readonly apiSecret = 'imp_test_secret_for_the_fake_server';
  /** `bankCode:accountNumber` -> holder. */
  readonly holders = new Map<string, string>();
  readonly requests: { method: string; path: string; authorization?: string }[] = [];
  private readonly tokens = new Set<string>();
  private server?: Server;
  /** Answer every request with this status (an outage), when set. */
  failWith: number | null = null;

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    this.requests.push({ method: request.method ?? '', path: url.pathname, authorization: request.headers.authorization });
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    if (this.failWith) return send(this.failWith, { code: -1, message: '일시적인 장애', response: null });
    if (request.method === 'POST' && url.pathname === '/users/getToken') {
      let text = '';
      for await (const chunk of request) text += chunk;
      const body = JSON.parse(text || '{}') as { imp_key?: string; imp_secret?: string };
      if (request.headers['content-type'] !== 'application/json' || body.imp_key !== this.apiKey || body.imp_secret !== this.apiSecret) {
        return send(401, { code: -1, message: 'imp_key, imp_secret 파라미터가 누락되었거나 잘못되었습니다.', response: null });
      }
      const token = `token-${this.tokens.size + 1}`;
      this.tokens.add(token);
      const now = Math.floor(Date.now() / 1000);
      return send(200, { code: 0, message: null, response: { access_token: token, now, expired_at: now + 1800 } });
    }
    if (request.method === 'GET' && url.pathname === '/vbanks/holder') {
      if (!this.tokens.has(request.headers.authorization ?? '')) return send(401, { code: -1, message: 'Unauthorized', response: null });
      const bankCode = url.searchParams.get('bank_code');
      const bankNum = url.searchParams.get('bank_num');
      if (!bankCode || !bankNum) return send(400, { code: -1, message: 'bank_code는 필수 파라미터입니다.', response: null });
      const holder = this.holders.get(`${bankCode}:${bankNum}`);
      if (!holder) return send(404, { code: -1, message: '계좌정보 조회에 실패하였습니다.', response: null });
      return send(200, { code: 0, message: null, response: { bank_holder: holder } });
    }
    send(404, { code: -1, message: 'not found', response: null });
  }
}
