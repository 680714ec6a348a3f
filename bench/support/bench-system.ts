import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { eventually, type RunningProcess, startTsProcess, startWorkerProcess } from '../../test/support/processes';
import { freePort } from '../../test/support/system';
import { dropDatabase, TEST_SERVER_URL } from '../../test/support/test-database';
import { flushPrefix, TEST_REDIS_URL } from '../../test/support/test-redis';
import type { Role } from '@goodpay/shared';

/**
 * The product as it is deployed, for measuring: the api and the worker as two processes
 * started from source, on a database and a queue prefix of their own (created here, removed
 * by `stop`), talking to 127.0.0.1 only.
 */
export class BenchSystem {
  api?: RunningProcess;
  worker?: RunningProcess;
  readonly database = `goodpay_bench_${randomBytes(5).toString('hex')}`;
  readonly queuePrefix = `goodpay-bench-${randomBytes(5).toString('hex')}`;
  readonly databaseUrl = `${TEST_SERVER_URL}/${this.database}`;
  /** The api's token secret, given to the ceiling server too so that it checks the same tokens. */
  readonly jwtSecret = randomBytes(32).toString('hex');
  baseUrl = '';
  /** A pool on the bench database for the scenarios' own SQL (setup, checks, baselines). */
  pool?: Pool;
  private readonly tokens = new Map<string, string>();

  /**
   * With a directory, the processes named in `profile` are CPU-profiled during each load
   * (`profiled`, cpu-profiler.js). `built`: the api and the worker run from dist/ as in
   * production, not from source.
   */
  constructor(
    private readonly cpuProfileDir?: string,
    private readonly options: { built?: boolean; profile?: readonly ('api' | 'worker')[] } = {},
  ) {}

  /** The processes profiled during each load: none without a directory, the api unless told. */
  private get profiledNames(): readonly ('api' | 'worker')[] {
    return this.cpuProfileDir ? (this.options.profile ?? ['api']) : [];
  }

  /** The preload and its directory for a process to profile, if it is one. */
  private profiling(name: 'api' | 'worker'): Record<string, string> {
    if (!this.cpuProfileDir || !this.profiledNames.includes(name)) return {};
    mkdirSync(this.cpuProfileDir, { recursive: true });
    return {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${resolve(__dirname, 'cpu-profiler.js')}`,
      BENCH_CPU_PROFILE_DIR: this.cpuProfileDir,
      BENCH_CPU_PROFILE_NAME: name,
    };
  }

  private get env(): Record<string, string> {
    return {
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: this.queuePrefix,
      // The scenarios drive one shop's token at hundreds of requests a second: measure the api
      // with its rate-limit guard running (a Redis call per request) but a budget they do not reach.
      RATE_LIMIT_DEFAULT: '10000000/1m',
      AUTH_JWT_SECRET: this.jwtSecret,
    };
  }

  /**
   * `partitions`: positions per events partition and how many to make ahead (see
   * partitionFinely); the default is the product's own plan, left as the migration made it.
   */
  async start(partitions?: { size: number; ahead: number }): Promise<void> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    // warn: a JSON line per request would measure the logger as much as the api.
    this.api = startTsProcess(
      'apps/api/src/main.ts',
      {
        ...this.env,
        ...this.profiling('api'),
        PORT: String(port),
        RUN_MIGRATIONS: 'true',
        LOG_LEVEL: 'warn',
      },
      this.options,
    );
    await eventually(async () => (await this.status('/ready')) === 200, 'the api is ready', 90_000).catch((error) => {
      throw new Error(`${(error as Error).message}\n${this.api?.output()}`);
    });
    this.pool = new Pool({ connectionString: this.databaseUrl, max: 4 }); // light queries only: spare the shared server
    if (partitions) await this.partitionFinely(partitions);
    await this.startWorker();
  }

  /**
   * The log is still empty: its partitions ahead (ten million positions each) are replaced by
   * partitions of `size` positions, `ahead` of them ahead: more than a bulk scenario appends
   * between two of the worker's checks (a minute; it makes more as the log grows). Empty
   * partitions ahead are not free: every ordered read descends their indexes too, so that appends route into and reads and rebuilds go across
   * many partitions, as on a log that has grown for a long time.
   */
  private async partitionFinely(partitions: { size: number; ahead: number }): Promise<void> {
    await partitionLogFinely((text, params) => this.sql(text, params), partitions);
  }

  async startWorker(): Promise<void> {
    // Logs at info: the worker says "worker started" at info, and logs nothing per job.
    this.worker = await startWorkerProcess(this, this.profiling('worker'), 90_000, this.options);
  }

  async stopWorker(): Promise<void> {
    await this.worker?.kill('SIGTERM');
    this.worker = undefined;
  }

  /**
   * Runs `load`; when profiling, the CPU profile of each profiled process over just that time is
   * written to the directory. `load` starts once the profilers run, so what it measures
   * excludes their start and stop (not their sampling, a few per cent).
   */
  async profiled<T>(load: () => Promise<T>): Promise<T> {
    const processes = this.profiledNames.flatMap((name) => (name === 'api' ? this.api : this.worker) ?? []);
    if (processes.length === 0) return load();
    const toggle = (what: string) =>
      Promise.all(
        processes.map(async (running) => {
          const said = () => running.output().split(what).length - 1;
          const before = said();
          running.child.kill('SIGWINCH');
          await eventually(async () => said() > before, what, 60_000);
        }),
      );
    await toggle('cpu profile started');
    try {
      return await load();
    } finally {
      await toggle('cpu profile written');
    }
  }

  async stop(): Promise<void> {
    await this.pool?.end();
    await Promise.all([this.api?.kill('SIGTERM'), this.worker?.kill('SIGTERM')]);
    await flushPrefix(this.queuePrefix);
    // BENCH_KEEP_DATABASE=1 leaves it for EXPLAIN after the run.
    if (!process.env.BENCH_KEEP_DATABASE) await dropDatabase(this.database);
  }

  async sql<Row extends object = Record<string, any>>(text: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool!.query(text, params)).rows as Row[];
  }

  async token(subject: string, role: Role): Promise<string> {
    const cached = this.tokens.get(`${role}:${subject}`);
    if (cached) return cached;
    const { status, body } = await this.request('POST', '/dev/tokens', { body: { subject, role } });
    if (status !== 201) throw new Error(`no token: ${status} ${JSON.stringify(body)}`);
    this.tokens.set(`${role}:${subject}`, body.token);
    return body.token;
  }

  async request(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; idempotencyKey?: string } = {},
  ): Promise<{ status: number; body: any }> {
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
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  private async status(path: string): Promise<number> {
    try {
      return (await fetch(`${this.baseUrl}${path}`)).status;
    } catch {
      return 0;
    }
  }
}

/**
 * On a log still empty (else nothing): its partitions ahead replaced by partitions of `size`
 * positions, `ahead` of them (see BenchSystem.start). `query` runs a statement on its database.
 */
export async function partitionLogFinely(
  query: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>,
  { size, ahead }: { size: number; ahead: number },
): Promise<void> {
  const [{ empty }] = await query('SELECT NOT EXISTS (SELECT 1 FROM events) AS empty');
  if (!empty) return;
  const parts = await query(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass`,
  );
  for (const { name } of parts) await query(`DROP TABLE ${String(name)}`);
  await query(`UPDATE event_partitioning SET size = $1, ahead = $2, upper = 1`, [size, ahead]);
  await query(`SELECT ensure_event_partitions()`);
}
