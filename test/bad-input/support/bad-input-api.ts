import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import type { IsolatedEnv } from '@goodpay/platform';
import type { Role } from '@goodpay/shared';
import { ApiModule } from '../../../apps/api/src/api.module';
import { TokenService } from '../../../apps/api/src/auth/token.service';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import type { ProductClient } from '../../support/open-shop';
import { checkAnswersOf } from '../../support/openapi-conformance';
import type { OpenApiDocument } from './openapi-operations';

/** What a refusal's `code` must look like: a stable, machine-readable snake_case word. */
export const STABLE_CODE = /^[a-z][a-z0-9_]*$/;

/** What refusalProblems reads of an injected response. */
interface InjectedResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): any;
}

/** An answer as the attacks judge it: status, parsed body (null when empty) and content type. */
export interface Answer {
  status: number;
  body: any;
  contentType: string;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  idempotencyKey?: string;
}

/** The api under attack, in-process, with a connection to its database to see what it wrote. */
export interface BadInputApi {
  app: NestFastifyApplication;
  db: Client;
  /** The api's own OpenAPI document: the list of routes to attack. */
  document: OpenApiDocument;
  /** A valid bearer token for `subject` in `role`, signed the way /dev/tokens signs it. */
  tokenFor(role: Role, subject: string): string;
  /** A JSON request over the HTTP layer. */
  request(method: string, url: string, options?: RequestOptions): Promise<Answer>;
  /** What openShop needs: tokens and requests. */
  client: ProductClient;
  /** Rows in `table` (events by default): a refused command must leave the events as they were. */
  count(table?: string): Promise<number>;
  eventCount(): Promise<number>;
  /**
   * What keeps `response` from being a proper refusal (a 4xx problem+json with a stable code,
   * and no event written since `eventsBefore`): empty when it is one. `body` is the parsed JSON,
   * undefined when the body is not JSON.
   */
  refusalProblems(response: InjectedResponse, eventsBefore: number): Promise<{ problems: string[]; body: any }>;
  /** Closes the database connection and the app, then drops the isolated env. */
  close(): Promise<void>;
}

/**
 * Starts the api on `env` (whose database and queue prefix it takes from process.env) for one
 * bad-input file. Tokens come from TokenService, not from /dev/tokens, so minting them spends
 * no request budget (the rate-limit file allows one request per client).
 */
export async function startBadInputApi(env: IsolatedEnv): Promise<BadInputApi> {
  let app: NestFastifyApplication | undefined;
  let db: Client | undefined;
  const close = async () => {
    await db?.end();
    await app?.close();
    await env.cleanup();
  };
  try {
    app = await createApiApp(ApiModule, { shutdownHooks: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    // From a documentation address of its own, so the read counts against no attacking client's budget.
    const document: OpenApiDocument = (await app.inject({ method: 'GET', url: '/docs-json', remoteAddress: '192.0.2.1' })).json();
    // Every answer an attack receives must be one the document declares, refusals included.
    checkAnswersOf(app);
    const started = app;
    const connected = db;
    const tokens = app.get(TokenService);
    const tokenFor = (role: Role, subject: string) => tokens.issue(subject, role);
    const request = async (method: string, url: string, options: RequestOptions = {}): Promise<Answer> => {
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
      const response = await started.inject({ method: method as 'GET', url, headers, payload: options.body as object | undefined });
      return {
        status: response.statusCode,
        body: response.body ? response.json() : null,
        contentType: String(response.headers['content-type']),
      };
    };
    const count = async (table = 'events') =>
      Number((await connected.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    const eventCount = () => count('events');
    const refusalProblems = async (response: InjectedResponse, eventsBefore: number) => {
      let body: any;
      try {
        body = response.json();
      } catch {
        body = undefined;
      }
      const problems: string[] = [];
      if (response.statusCode < 400 || response.statusCode >= 500) problems.push(`status ${response.statusCode}`);
      if (!String(response.headers['content-type']).startsWith('application/problem+json'))
        problems.push(`content-type ${response.headers['content-type']}`);
      if (!STABLE_CODE.test(String(body?.code))) problems.push(`code ${JSON.stringify(body?.code)}`);
      const eventsAfter = await eventCount();
      if (eventsAfter !== eventsBefore) problems.push(`events ${eventsBefore} -> ${eventsAfter}`);
      return { problems, body };
    };
    return {
      app,
      db,
      document,
      tokenFor,
      request,
      client: { token: async (subject, role) => tokenFor(role, subject), request },
      count,
      eventCount,
      refusalProblems,
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
