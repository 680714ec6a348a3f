import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';

/**
 * PortOne's V2 payment API as its public reference states it, for tests over real HTTP:
 * - https://developers.portone.io/api/rest-v2/payment (GET /payments/{paymentId},
 *   POST /payments/{paymentId}/cancel): `Authorization: PortOne <API secret>`, the `storeId`
 *   query or body field, the payment's shape (status, id, storeId, orderName, amount.total /
 *   .cancelled, currency, cancellations[]) and the cancellation's (status SUCCEEDED, id,
 *   pgCancellationId, totalAmount, reason, cancelledAt, requestedAt).
 * - errors as `{ type, message }`: 400 INVALID_REQUEST, 401 UNAUTHORIZED, 403 FORBIDDEN,
 *   404 PAYMENT_NOT_FOUND, 409 PAYMENT_NOT_PAID / PAYMENT_ALREADY_CANCELLED /
 *   CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN / CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT.
 * - webhooks (https://developers.portone.io/opi/ko/integration/webhook/readme-v2), signed by
 *   Standard Webhooks (the `standardwebhooks` library): headers webhook-id, webhook-timestamp,
 *   webhook-signature; body `{ type: 'Transaction.Paid' | 'Transaction.Cancelled' |
 *   'Transaction.PartialCancelled', timestamp, data: { paymentId, storeId, transactionId, cancellationId? } }`.
 * - https://developers.portone.io/api/rest-v2/identityVerification ("본인인증 단건 조회"):
 *   `GET /identity-verifications/{identityVerificationId}`, answering an IdentityVerification
 *   (`READY`, `VERIFIED` with `verifiedCustomer` {name, phoneNumber, birthDate, ci, di...},
 *   `FAILED` with `failure`) or 404 IDENTITY_VERIFICATION_NOT_FOUND.
 * The checkout the payer uses in the browser is `pay()`; a finished 본인인증 is `verified()`.
 */

export interface FakeCancellation {
  status: 'SUCCEEDED';
  id: string;
  pgCancellationId: string;
  totalAmount: number;
  taxFreeAmount: number;
  vatAmount: number;
  reason: string;
  cancelledAt: string;
  requestedAt: string;
}

export interface FakePayment {
  status: 'READY' | 'PAID' | 'PARTIAL_CANCELLED' | 'CANCELLED';
  id: string;
  transactionId: string;
  merchantId: string;
  storeId: string;
  channel: { type: 'LIVE'; id: string; key: string; name: string; pgProvider: string; pgMerchantId: string };
  version: 'V2';
  requestedAt: string;
  updatedAt: string;
  statusChangedAt: string;
  orderName: string;
  amount: {
    total: number;
    taxFree: number;
    vat: number;
    supply: number;
    discount: number;
    paid: number;
    cancelled: number;
    cancelledTaxFree: number;
  };
  currency: string;
  customer: Record<string, unknown>;
  disputes: unknown[];
  paidAt?: string;
  cancelledAt?: string;
  cancellations: FakeCancellation[];
}

export interface FakePortOneOptions {
  apiSecret?: string;
  storeId?: string;
  webhookSecret?: string;
}

export interface RecordedCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: any;
}

export class FakePortOne {
  readonly apiSecret: string;
  readonly storeId: string;
  readonly webhookSecret: string;
  readonly payments = new Map<string, FakePayment>();
  readonly identityVerifications = new Map<string, Record<string, unknown>>();
  readonly calls: RecordedCall[] = [];
  private server?: Server;
  /** Requests still to answer 503 with an HTML page, as a gateway that is down does. */
  private outages = 0;
  /** Cancels still to perform and then drop the connection before answering (the answer is lost). */
  private lostAnswers = 0;
  baseUrl = '';

  constructor(options: FakePortOneOptions = {}) {
    this.apiSecret = options.apiSecret ?? `test-secret-${randomBytes(12).toString('hex')}`;
    this.storeId = options.storeId ?? `store-${randomUUID()}`;
    this.webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(32).toString('base64')}`;
  }

  /** What the api's PORTONE_* configuration must be to talk to this server. */
  get env(): Record<string, string> {
    return {
      PAYMENT_CONFIRMATIONS: 'portone',
      PORTONE_API_SECRET: this.apiSecret,
      PORTONE_API_BASE: this.baseUrl,
      PORTONE_STORE_ID: this.storeId,
      PORTONE_WEBHOOK_SECRET: this.webhookSecret,
    };
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `count` requests fail as a gateway that is down (503, not the API's JSON). */
  goDown(count: number): void {
    this.outages = count;
  }

  /** The next cancel is made, then its answer is lost on the way (the connection drops). */
  loseNextCancelAnswer(): void {
    this.lostAnswers = 1;
  }

  /** The payer pays through the checkout: the payment `paymentId` becomes PAID for `amount` (KRW in this store by default). */
  pay(paymentId: string, amount: number, overrides: { currency?: string; storeId?: string; orderName?: string } = {}): FakePayment {
    const now = new Date().toISOString();
    const payment: FakePayment = {
      status: 'PAID',
      id: paymentId,
      transactionId: randomUUID(),
      merchantId: `merchant-${randomUUID()}`,
      storeId: overrides.storeId ?? this.storeId,
      channel: {
        type: 'LIVE',
        id: 'channel-1',
        key: 'channel-key-1',
        name: 'card',
        pgProvider: 'TOSSPAYMENTS',
        pgMerchantId: 'tosspayments-1',
      },
      version: 'V2',
      requestedAt: now,
      updatedAt: now,
      statusChangedAt: now,
      orderName: overrides.orderName ?? 'goodpay prepayment',
      amount: {
        total: amount,
        taxFree: 0,
        vat: Math.floor(amount / 11),
        supply: amount - Math.floor(amount / 11),
        discount: 0,
        paid: amount,
        cancelled: 0,
        cancelledTaxFree: 0,
      },
      currency: overrides.currency ?? 'KRW',
      customer: {},
      disputes: [],
      paidAt: now,
      cancellations: [],
    };
    this.payments.set(paymentId, payment);
    return payment;
  }

  /** The person finished 본인인증 `id` (verified at `verifiedAt`, now by default). */
  verified(id: string, customer: { ci?: string; name: string; phoneNumber?: string; birthDate?: string }, verifiedAt = new Date()): void {
    this.identityVerifications.set(id, {
      ...this.verificationOf(id, verifiedAt),
      status: 'VERIFIED',
      verifiedCustomer: { gender: 'FEMALE', isForeigner: false, di: `di-${id}`, ...customer },
      verifiedAt: verifiedAt.toISOString(),
      pgTxId: `pg-${id}`,
      pgRawResponse: '{}',
    });
  }

  /** 본인인증 `id` was started and not finished. */
  ready(id: string): void {
    this.identityVerifications.set(id, { ...this.verificationOf(id, new Date()), status: 'READY', requestedCustomer: {} });
  }

  /** 본인인증 `id` failed, for `reason`. */
  failed(id: string, reason: string): void {
    this.identityVerifications.set(id, {
      ...this.verificationOf(id, new Date()),
      status: 'FAILED',
      requestedCustomer: {},
      failure: { reason, pgCode: 'F001', pgMessage: reason },
    });
  }

  private verificationOf(id: string, at: Date) {
    return {
      id,
      channel: { type: 'LIVE', id: 'channel-1', key: 'channel-key-1', name: 'danal', pgProvider: 'DANAL', pgMerchantId: 'A010002002' },
      requestedAt: at.toISOString(),
      updatedAt: at.toISOString(),
      statusChangedAt: at.toISOString(),
      version: 'V2',
    };
  }

  /** Calls made to the API (not webhooks), for assertions: e.g. how many cancels were sent. */
  callsTo(method: string, pathPattern: RegExp): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && pathPattern.test(call.path));
  }

  /**
   * Sends a signed webhook to `url`, as PortOne does: the body's bytes are what is signed.
   * `secret` and `timestamp` can be overridden to forge or replay one.
   */
  async sendWebhook(
    url: string,
    type: 'Transaction.Paid' | 'Transaction.Cancelled' | 'Transaction.PartialCancelled',
    data: { paymentId: string; cancellationId?: string },
    options: { webhookId?: string; timestamp?: Date; secret?: string; unsigned?: boolean; body?: string } = {},
  ): Promise<{ status: number; body: any; webhookId: string; headers: Record<string, string>; payload: string }> {
    const webhookId = options.webhookId ?? `msg_${randomBytes(12).toString('hex')}`;
    const timestamp = options.timestamp ?? new Date();
    const payment = this.payments.get(data.paymentId);
    const payload =
      options.body ??
      JSON.stringify({
        type,
        timestamp: timestamp.toISOString(),
        data: {
          paymentId: data.paymentId,
          storeId: this.storeId,
          transactionId: payment?.transactionId ?? randomUUID(),
          ...(data.cancellationId && { cancellationId: data.cancellationId }),
        },
      });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (!options.unsigned) {
      headers['webhook-id'] = webhookId;
      headers['webhook-timestamp'] = String(Math.floor(timestamp.getTime() / 1000));
      headers['webhook-signature'] = new StandardWebhook(options.secret ?? this.webhookSecret).sign(webhookId, timestamp, payload);
    }
    return this.deliver(url, payload, headers, webhookId);
  }

  /** Sends exactly these bytes and headers again (a replay of a captured webhook). */
  async deliver(url: string, payload: string, headers: Record<string, string>, webhookId: string) {
    const response = await fetch(url, { method: 'POST', headers, body: payload });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body, webhookId, headers, payload };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const text = await new Promise<string>((resolve) => {
      let data = '';
      request.on('data', (chunk) => (data += chunk));
      request.on('end', () => resolve(data));
    });
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    this.calls.push({ method: request.method ?? '', path: url.pathname, authorization: request.headers.authorization, body });
    if (this.outages > 0) {
      this.outages -= 1;
      response.writeHead(503, { 'content-type': 'text/html' }).end('<html><body>503 Service Temporarily Unavailable</body></html>');
      return;
    }
    const error = (status: number, type: string, message: string): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ type, message }));
    };
    if (request.headers.authorization !== `PortOne ${this.apiSecret}`) return error(401, 'UNAUTHORIZED', '인증 정보가 올바르지 않습니다.');
    const storeId = url.searchParams.get('storeId') ?? body?.storeId;
    if (storeId !== undefined && storeId !== null && storeId !== this.storeId) return error(403, 'FORBIDDEN', '요청이 거절되었습니다.');
    const verification = /^\/identity-verifications\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && verification) {
      const found = this.identityVerifications.get(decodeURIComponent(verification[1]!));
      if (!found) return error(404, 'IDENTITY_VERIFICATION_NOT_FOUND', '요청된 본인인증 건이 존재하지 않습니다.');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found));
      return;
    }
    const get = /^\/payments\/([^/]+)$/.exec(url.pathname);
    const cancel = /^\/payments\/([^/]+)\/cancel$/.exec(url.pathname);
    if (request.method === 'GET' && get) {
      const payment = this.payments.get(decodeURIComponent(get[1]!));
      if (!payment) return error(404, 'PAYMENT_NOT_FOUND', '결제 건이 존재하지 않습니다.');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payment));
      return;
    }
    if (request.method === 'POST' && cancel) {
      const payment = this.payments.get(decodeURIComponent(cancel[1]!));
      if (!payment) return error(404, 'PAYMENT_NOT_FOUND', '결제 건이 존재하지 않습니다.');
      if (typeof body?.reason !== 'string' || body.reason === '') return error(400, 'INVALID_REQUEST', 'reason is required');
      if (payment.status === 'CANCELLED') return error(409, 'PAYMENT_ALREADY_CANCELLED', '결제가 이미 취소되었습니다.');
      if (payment.status !== 'PAID' && payment.status !== 'PARTIAL_CANCELLED')
        return error(409, 'PAYMENT_NOT_PAID', '결제가 완료되지 않았습니다.');
      const cancellable = payment.amount.total - payment.amount.cancelled;
      if (body.currentCancellableAmount !== undefined && body.currentCancellableAmount !== cancellable) {
        return error(409, 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN', '취소 가능 잔액 검증에 실패했습니다.');
      }
      const amount = body.amount ?? cancellable;
      if (!Number.isSafeInteger(amount) || amount <= 0) return error(400, 'INVALID_REQUEST', 'amount must be a positive integer');
      if (amount > cancellable)
        return error(409, 'CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT', '결제 취소 금액이 취소 가능 금액을 초과했습니다.');
      const now = new Date().toISOString();
      const cancellation: FakeCancellation = {
        status: 'SUCCEEDED',
        id: `cancellation-${randomUUID()}`,
        pgCancellationId: `pg-${randomBytes(6).toString('hex')}`,
        totalAmount: amount,
        taxFreeAmount: 0,
        vatAmount: Math.floor(amount / 11),
        reason: body.reason,
        cancelledAt: now,
        requestedAt: now,
      };
      payment.cancellations.push(cancellation);
      payment.amount.cancelled += amount;
      payment.status = payment.amount.cancelled === payment.amount.total ? 'CANCELLED' : 'PARTIAL_CANCELLED';
      payment.updatedAt = now;
      payment.statusChangedAt = now;
      if (this.lostAnswers > 0) {
        this.lostAnswers -= 1;
        request.socket.destroy();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ cancellation }));
      return;
    }
    error(404, 'NOT_FOUND', `no route ${request.method} ${url.pathname}`);
  }
}
