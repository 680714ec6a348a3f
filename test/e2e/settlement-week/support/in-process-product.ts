import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@goodpay/platform';
import { RecordingBankTransferAdapter, resolveSettlementOptions, SETTLEMENT_OPTIONS, SETTLEMENT_QUEUE } from '@goodpay/settlement';
import { Clock, FixedClock, type Role } from '@goodpay/shared';
import { apiAdapter, configureApiApp } from '../../../../apps/api/src/bootstrap';
import { settlementOptionsFrom } from '../../../../apps/api/src/every-process';
import { StandaloneModule } from '../../../../apps/standalone/src/standalone.module';
import { checkAnswersOf } from '../../../support/openapi-conformance';

/** Seoul wall-clock time on a calendar day, as an instant: `seoulTime('2025-03-03', '11:00')`. */
export const seoulTime = (day: string, time: string): string => new Date(`${day}T${time}:00+09:00`).toISOString();

export interface Answer {
  status: number;
  body: any;
  contentType: string;
  text: string;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as the Idempotency-Key header (commands that create something need one). */
  key?: string;
}

/** Payout rounds in the week: few attempts, short backoff, so a failing bank shows within the test. */
export const PAYOUT_ATTEMPTS = 3;

/**
 * The whole product in this process (apps/standalone: the api and every worker module) with a
 * clock the test moves. Spawned processes cannot share a moved clock, hence in-process.
 *
 * createApiApp cannot override a provider, so the app is built from a testing module and
 * configured exactly as the api is (apiAdapter and configureApiApp from apps/api/src/bootstrap).
 *
 * The fee and the run hour come from configuration (SETTLEMENT_FEE_BASIS_POINTS,
 * SETTLEMENT_HOUR_SEOUL, set by the test before start), as in production; only the payout
 * retries are made fast.
 */
export class InProcessProduct {
  readonly clock: FixedClock;
  app!: NestFastifyApplication;
  private readonly tokens = new Map<string, string>();

  constructor(startAt: string) {
    this.clock = new FixedClock(new Date(startAt));
  }

  async start(): Promise<this> {
    const moduleRef = await Test.createTestingModule({ imports: [StandaloneModule] })
      .overrideProvider(Clock)
      .useValue(this.clock)
      .overrideProvider(SETTLEMENT_OPTIONS)
      .useFactory({
        inject: [AppConfig],
        factory: (config: AppConfig) =>
          resolveSettlementOptions({ ...settlementOptionsFrom(config), payoutAttempts: PAYOUT_ATTEMPTS, payoutBackoffMs: 50 }),
      })
      .compile();
    this.app = moduleRef.createNestApplication<NestFastifyApplication>(apiAdapter(), { bufferLogs: true, abortOnError: false });
    await configureApiApp(this.app, { shutdownHooks: false });
    await this.app.init();
    await this.app.getHttpAdapter().getInstance().ready();
    checkAnswersOf(this.app);
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
  }

  /** Moves the product's clock to a Seoul time. */
  at(day: string, time: string): void {
    this.clock.set(seoulTime(day, time));
  }

  /**
   * One HTTP call. A read with `?after=` waits a few seconds for its projection; under a loaded
   * shared server it may answer 503 projection_not_ready, which means "ask again": we do.
   */
  async call(method: 'GET' | 'POST' | 'PUT', url: string, { token, body, key }: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (key) headers['idempotency-key'] = key;
    for (const deadline = Date.now() + 30_000; ;) {
      const response = await this.app.inject({ method, url, headers, ...(body !== undefined && { payload: body as object }) });
      const contentType = String(response.headers['content-type'] ?? '');
      const parsed = contentType.includes('json') ? response.json() : undefined;
      if (parsed?.code !== 'projection_not_ready' || Date.now() > deadline) {
        return { status: response.statusCode, body: parsed, contentType, text: response.body };
      }
    }
  }

  async token(subject: string, role: Role): Promise<string> {
    const cached = this.tokens.get(`${role}:${subject}`);
    if (cached) return cached;
    const { status, body } = await this.call('POST', '/dev/tokens', { body: { subject, role } });
    if (status !== 201) throw new Error(`no token for ${subject}: ${status} ${JSON.stringify(body)}`);
    this.tokens.set(`${role}:${subject}`, body.token);
    return body.token;
  }

  /** How many events the log holds: what "changes nothing" is measured by. */
  async eventCount(): Promise<number> {
    const [{ n }] = await this.app.get(DataSource).query('SELECT count(*)::int AS n FROM events');
    return n;
  }

  /** The settlement queue, where the daily job scheduler lives. */
  get settlementQueue(): Queue {
    return this.app.get<Queue>(getQueueToken(SETTLEMENT_QUEUE), { strict: false });
  }

  /** The built-in bank, which can be told to refuse the next transfers to a shop. */
  get bank(): RecordingBankTransferAdapter {
    return this.app.get(RecordingBankTransferAdapter, { strict: false });
  }
}
