import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { type IsolatedEnv } from '@goodpay/platform';
import type { Role } from '@goodpay/shared';
import { TokenService } from '../../../apps/api/src/auth/token.service';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { StandaloneModule } from '../../../apps/standalone/src/standalone.module';
import { type OpenShop, openShop, type ProductClient } from '../../support/open-shop';
import { eventually } from '../../support/processes';
import { FakePortOne } from '../../support/portone/fake-portone';

export interface Answer {
  status: number;
  body: any;
  contentType: string;
}

/**
 * goodpay (api and workers in one process, as `npm start` runs it) listening on a real port,
 * configured with PAYMENT_CONFIRMATIONS=portone against a FakePortOne on another real port:
 * every call between them, and every webhook, goes over HTTP.
 */
export class PortOneWorld {
  readonly portone = new FakePortOne();
  app!: NestFastifyApplication;
  baseUrl = '';
  shop!: OpenShop;
  private db!: Client;
  private tokens!: TokenService;

  constructor(private readonly env: IsolatedEnv) {}

  async start(): Promise<this> {
    await this.portone.start();
    Object.assign(process.env, this.portone.env);
    this.app = await createApiApp(StandaloneModule, { shutdownHooks: false });
    await this.app.listen(0, '127.0.0.1');
    this.baseUrl = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
    this.tokens = this.app.get(TokenService);
    this.db = new Client({ connectionString: this.env.databaseUrl });
    await this.db.connect();
    this.shop = await openShop(this.client, `PortOne${randomUUID().slice(0, 6)}`);
    return this;
  }

  async stop(): Promise<void> {
    await this.db?.end();
    await this.app?.close();
    await this.portone.stop();
    for (const name of Object.keys(this.portone.env)) delete process.env[name];
    await this.env.cleanup();
  }

  token(subject: string, role: Role): string {
    return this.tokens.issue(subject, role);
  }

  get client(): ProductClient {
    return {
      token: async (subject, role) => this.token(subject, role),
      request: (method, path, options) => this.request(method, path, options),
    };
  }

  async request(method: string, path: string, options: { body?: unknown; token?: string; idempotencyKey?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: response.status, body, contentType: response.headers.get('content-type') ?? '' };
  }

  get webhookUrl(): string {
    return `${this.baseUrl}/payment-webhooks/portone`;
  }

  /** A citizen orders a platform prepayment of `amount` at the shop: the order and its checkout. */
  async order(citizen: string, amount: number): Promise<{ prepaymentId: string; code: string; checkout: any }> {
    const answer = await this.request('POST', '/prepayments', {
      token: citizen,
      idempotencyKey: randomUUID(),
      body: { campaignId: this.shop.campaignId, merchantId: this.shop.merchantId, amount, channel: 'platform' },
    });
    if (answer.status !== 201) throw new Error(`order: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Ordered, paid through the checkout and confirmed by the payer's check: an active prepayment. */
  async paidPrepayment(citizen: string, amount: number): Promise<{ prepaymentId: string; code: string }> {
    const order = await this.order(citizen, amount);
    this.portone.pay(order.checkout.paymentId, amount);
    const checked = await this.request('POST', `/prepayments/${order.prepaymentId}/payment-check`, { token: citizen });
    if (checked.body?.status !== 'active') throw new Error(`check: ${checked.status} ${JSON.stringify(checked.body)}`);
    return order;
  }

  /** The payer asks for the balance back and the shop approves: the refund is decided (PrepaymentRefunded). */
  async refunded(citizen: string, prepaymentId: string): Promise<void> {
    const requested = await this.request('POST', `/prepayments/${prepaymentId}/refund-request`, { token: citizen });
    if (requested.status !== 200) throw new Error(`refund request: ${requested.status} ${JSON.stringify(requested.body)}`);
    const approved = await this.request('POST', `/prepayments/${prepaymentId}/refund-approval`, { token: this.shop.owner });
    if (approved.status !== 200) throw new Error(`refund approval: ${approved.status} ${JSON.stringify(approved.body)}`);
  }

  async events(prepaymentId: string, type?: string): Promise<{ type: string; data: any; actor: any }[]> {
    const { rows } = await this.db.query(
      `SELECT type, data, metadata->'actor' AS actor FROM events WHERE stream_id = $1 ${type ? 'AND type = $2' : ''} ORDER BY stream_version`,
      type ? [`prepayment-${prepaymentId}`, type] : [`prepayment-${prepaymentId}`],
    );
    return rows;
  }

  async eventCount(): Promise<number> {
    return Number((await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM events`)).rows[0]!.n);
  }

  /** Waits until the refund job recorded the gateway's cancellation of the prepayment's refund. */
  async refundCancelledAtGateway(prepaymentId: string): Promise<any> {
    await eventually(
      async () => (await this.events(prepaymentId, 'RefundCancelledAtGateway')).length > 0,
      `refund of ${prepaymentId} cancelled at the gateway`,
      30_000,
    );
    return (await this.events(prepaymentId, 'RefundCancelledAtGateway'))[0]!.data;
  }
}
