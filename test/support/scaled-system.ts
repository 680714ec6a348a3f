import { eventually, type RunningProcess, startTsProcess, startWorkerProcess } from './processes';
import { freePort, type HttpAnswer, httpRequest, type RequestOptions, RunningSystem } from './system';

/**
 * The product scaled out on one machine: several api processes and several worker processes
 * on one database and one queue prefix, as behind a load balancer. The first api runs the
 * migrations (RunningSystem); the others start on the migrated database. `env` is given to
 * every process (a Redis Cluster, a read replica).
 */
export class ScaledSystem extends RunningSystem {
  readonly apiUrls: string[] = [];
  readonly apis: RunningProcess[] = [];
  readonly workers: RunningProcess[] = [];

  constructor(
    private readonly counts: { apis: number; workers: number },
    private readonly sharedEnv: Record<string, string> = {},
  ) {
    super(sharedEnv);
  }

  override async start(): Promise<this> {
    await super.start();
    this.apis.push(this.api!);
    this.apiUrls.push(this.baseUrl);
    this.workers.push(this.worker!);
    await Promise.all([
      ...Array.from({ length: this.counts.apis - 1 }, () => this.startApi()),
      ...Array.from({ length: this.counts.workers - 1 }, () => this.startAnotherWorker()),
    ]);
    return this;
  }

  private async startApi(): Promise<void> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const api = startTsProcess('apps/api/src/main.ts', { ...this.env, PORT: String(port), RUN_MIGRATIONS: 'false' });
    this.apis.push(api);
    await eventually(
      async () =>
        (await fetch(`${baseUrl}/ready`).then(
          (r) => r.status,
          () => 0,
        )) === 200,
      'another api is ready',
      60_000,
    ).catch((error) => {
      throw new Error(`${(error as Error).message}\n${api.output()}`);
    });
    this.apiUrls.push(baseUrl);
  }

  /** A worker logs at info whatever the apis do: it says "worker started" at info, and nothing per job. */
  override async startWorker(): Promise<void> {
    this.worker = await startWorkerProcess(this, { ...this.sharedEnv, LOG_LEVEL: 'info' });
  }

  async startAnotherWorker(): Promise<RunningProcess> {
    const worker = await startWorkerProcess(this, { ...this.sharedEnv, LOG_LEVEL: 'info' });
    this.workers.push(worker);
    return worker;
  }

  /** A request to the api number `index` (0-based), e.g. `i % apiUrls.length` to spread them. */
  requestTo<T = any>(index: number, method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer<T>> {
    return httpRequest<T>(this.apiUrls[index % this.apiUrls.length], method, path, options);
  }

  override async stop(): Promise<void> {
    await Promise.all([...this.apis, ...this.workers].map((process) => process.kill('SIGTERM')));
    await super.stop();
  }
}
