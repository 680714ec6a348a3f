import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An in-test PortOne V2 server for identity verifications, over real HTTP, as PortOne's REST
 * reference states the contract (https://developers.portone.io/api/rest-v2/identityVerification,
 * "본인인증 단건 조회"; response and error types as in @portone/server-sdk's generated
 * identityVerification and common types):
 * - `GET /identity-verifications/{identityVerificationId}?storeId=` with `Authorization: PortOne <API secret>`;
 * - 200 with an IdentityVerification: `READY`, `VERIFIED` (with `verifiedCustomer`: name,
 *   phoneNumber, birthDate yyyy-MM-dd, gender, isForeigner, ci, di; `verifiedAt`, `pgTxId`...)
 *   or `FAILED` (with `failure`);
 * - 401 `{ "type": "UNAUTHORIZED", "message" }` for a missing or wrong secret, 404
 *   `{ "type": "IDENTITY_VERIFICATION_NOT_FOUND", "message" }` for an unknown id,
 *   400 `{ "type": "INVALID_REQUEST" }` for anything else on that path.
 * The lead may merge it with the payments' fake (test/support/portone/).
 */
export interface FakePortOneIdentity {
  baseUrl: string;
  /** Every request as received: method, path and the Authorization header. */
  requests: { method: string; url: string; authorization: string | undefined }[];
  verified(id: string, customer: { ci?: string; name: string; phoneNumber?: string; birthDate?: string }, verifiedAt?: Date): void;
  ready(id: string): void;
  failed(id: string, reason: string): void;
  /** Answers 500 to the next `times` requests (the provider having a bad moment). */
  failNext(times: number): void;
  stop(): Promise<void>;
}

export async function startFakePortOneIdentity(secret: string, storeId?: string): Promise<FakePortOneIdentity> {
  const verifications = new Map<string, Record<string, unknown>>();
  const requests: FakePortOneIdentity['requests'] = [];
  let failures = 0;

  const reply = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
    if (failures > 0) {
      failures -= 1;
      return reply(response, 500, { type: 'INTERNAL', message: 'simulated outage' });
    }
    if (request.headers.authorization !== `PortOne ${secret}`)
      return reply(response, 401, { type: 'UNAUTHORIZED', message: '인증 정보가 올바르지 않습니다.' });
    const url = new URL(request.url ?? '/', 'http://fake');
    const match = /^\/identity-verifications\/([^/]+)$/.exec(url.pathname);
    if (request.method !== 'GET' || !match) return reply(response, 400, { type: 'INVALID_REQUEST', message: 'unsupported request' });
    if (storeId !== undefined && url.searchParams.get('storeId') !== storeId)
      return reply(response, 403, { type: 'FORBIDDEN', message: 'store mismatch' });
    const found = verifications.get(decodeURIComponent(match[1]!));
    if (!found)
      return reply(response, 404, { type: 'IDENTITY_VERIFICATION_NOT_FOUND', message: '요청된 본인인증 건이 존재하지 않습니다.' });
    return reply(response, 200, found);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  const common = (id: string, at: Date) => ({
    id,
    channel: { type: 'LIVE', id: 'channel-1', key: 'channel-key-1', name: 'danal', pgProvider: 'DANAL', pgMerchantId: 'A010002002' },
    requestedAt: at.toISOString(),
    updatedAt: at.toISOString(),
    statusChangedAt: at.toISOString(),
    version: 'V2',
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    verified(id, customer, verifiedAt = new Date()) {
      verifications.set(id, {
        ...common(id, verifiedAt),
        status: 'VERIFIED',
        verifiedCustomer: { gender: 'FEMALE', isForeigner: false, di: `di-${id}`, ...customer },
        verifiedAt: verifiedAt.toISOString(),
        pgTxId: `pg-${id}`,
        pgRawResponse: '{}',
      });
    },
    ready(id) {
      verifications.set(id, { ...common(id, new Date()), status: 'READY', requestedCustomer: {} });
    },
    failed(id, reason) {
      verifications.set(id, {
        ...common(id, new Date()),
        status: 'FAILED',
        requestedCustomer: {},
        failure: { reason, pgCode: 'F001', pgMessage: reason },
      });
    },
    failNext(times) {
      failures = times;
    },
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
