import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dropDatabase, TEST_SERVER_URL } from './test-database';
import { flushPrefix, TEST_REDIS_URL } from './test-redis';
import { eventually, type RunningProcess, startTsProcess, startWorkerProcess } from './processes';
import type { Role } from '@goodpay/shared';
import { type ApiClient, createApiClient } from '@goodpay/api-client';
import { checkingFetch } from './api-client';
import { OpenApiConformance, type OpenApiDocumentLike } from './openapi-conformance';

/** A free TCP port on loopback, for an api under test. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  idempotencyKey?: string;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** One HTTP request to the api at `baseUrl`, its JSON answer parsed (text kept when it is not JSON). */
export async function httpRequest<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, headers: response.headers };
}

/**
 * The product as a user runs it: the api process and a worker process, started from source
 * against their own database (created by the api on first start) and their own queue prefix.
 */
export class RunningSystem {
  api?: RunningProcess;
  worker?: RunningProcess;
  readonly database = `goodpay_e2e_${randomBytes(5).toString('hex')}`;
  private readonly ownPrefix = `goodpay-e2e-${randomBytes(5).toString('hex')}`;
  baseUrl = '';
  private readonly tokens = new Map<string, string>();
  private conformance?: Promise<OpenApiConformance>;

  /**
   * `checkAnswers: false` leaves answers unchecked against the OpenAPI document: only for the
   * fault suites, whose traffic counts what a crashing system answers (every e2e suite checks).
   */
  constructor(
    private readonly extraEnv: Record<string, string> = {},
    private readonly options: { checkAnswers?: boolean } = {},
  ) {}

  /** Its own queue prefix, unless the extra environment names one (a hash tag on a Redis Cluster). */
  get queuePrefix(): string {
    return this.extraEnv.QUEUE_PREFIX ?? this.ownPrefix;
  }

  /** Its database on the shared test server, unless the extra environment names another DATABASE_URL. */
  get databaseUrl(): string {
    return this.extraEnv.DATABASE_URL ?? `${TEST_SERVER_URL}/${this.database}`;
  }

  get env(): Record<string, string> {
    return {
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: this.queuePrefix,
      LOG_LEVEL: 'info',
      ...this.extraEnv,
    };
  }

  async start(): Promise<this> {
    // A port chosen by the test (PORT in the extra variables: an OpenID client's redirect URI names it), else a free one.
    const port = this.extraEnv.PORT ? Number(this.extraEnv.PORT) : await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.api = startTsProcess('apps/api/src/main.ts', { ...this.env, PORT: String(port), RUN_MIGRATIONS: 'true' });
    await eventually(async () => (await this.ready()) === 200, 'the api is ready', 60_000).catch((error) => {
      throw new Error(`${(error as Error).message}\n${this.api?.output()}`);
    });
    await this.startWorker();
    return this;
  }

  async startWorker(): Promise<void> {
    this.worker = await startWorkerProcess(this, this.extraEnv);
  }

  private async ready(): Promise<number> {
    try {
      return (await fetch(`${this.baseUrl}/ready`)).status;
    } catch {
      return 0;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.api?.kill('SIGTERM'), this.worker?.kill('SIGTERM')]);
    const clusterNodes = this.extraEnv.REDIS_CLUSTER_NODES?.split(',').filter(Boolean) ?? [];
    await flushPrefix(this.queuePrefix, { REDIS_URL: TEST_REDIS_URL, REDIS_CLUSTER_NODES: clusterNodes });
    await dropDatabase(this.database);
  }

  /** A bearer token for `subject` in `role`, from the api's development token endpoint. */
  async token(subject: string, role: Role): Promise<string> {
    const cached = this.tokens.get(`${role}:${subject}`);
    if (cached) return cached;
    const { status, body } = await this.request('POST', '/dev/tokens', { body: { subject, role } });
    if (status !== 201) throw new Error(`no token: ${status} ${JSON.stringify(body)}`);
    this.tokens.set(`${role}:${subject}`, body.token);
    return body.token;
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer<T>> {
    const answer = await httpRequest<T>(this.baseUrl, method, path, options);
    if (this.options.checkAnswers ?? true) {
      const contentType = answer.headers.get('content-type') ?? undefined;
      const body = /json/.test(contentType ?? '') ? answer.body : undefined;
      (await this.documented()).check({ method, url: path, status: answer.status, contentType, body });
    }
    return answer;
  }

  /** The typed client (libs/api-client) of the running api, as `token`'s holder; its answers are held to the document too. */
  client(token?: string): ApiClient {
    return createApiClient({ baseUrl: this.baseUrl, token, fetch: checkingFetch(() => this.documented()) });
  }

  /** The running api's own OpenAPI document, which every answer `request` receives is held to. */
  private documented(): Promise<OpenApiConformance> {
    this.conformance ??= fetch(`${this.baseUrl}/docs-json`)
      .then((response) => response.json() as Promise<OpenApiDocumentLike>)
      .then((document) => new OpenApiConformance(document));
    // Not read (the api restarting): read it again next time.
    this.conformance.catch(() => (this.conformance = undefined));
    return this.conformance;
  }

  /** Rows from the system's own database, for checks a user cannot make over HTTP. */
  async sql<Row = any>(text: string, params: unknown[] = []): Promise<Row[]> {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as Row[];
    } finally {
      await client.end();
    }
  }
}
