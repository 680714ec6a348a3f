import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_REDIS_URL } from './test-redis';

export const REPO_ROOT = resolve(__dirname, '../..');

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the process prints a line matching `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a TypeScript entry point from source as its own Node process (swc compiles it on
 * load), the way the fault and end-to-end suites run real workers and apis they can kill.
 * `built`: its compiled file in dist/ instead (`npm run build` first), started as
 * `npm run start:api` does, without the compiler and its source maps in the process.
 */
export function startTsProcess(entry: string, env: Record<string, string>, options: { built?: boolean } = {}): RunningProcess {
  // The tracing register goes first, as in production (it starts nothing unless OTEL_* asks).
  const register = 'libs/platform/src/tracing/register.ts';
  const args = options.built
    ? ['-r', resolve(REPO_ROOT, 'dist', register.replace(/\.ts$/, '.js')), resolve(REPO_ROOT, 'dist', entry.replace(/\.ts$/, '.js'))]
    : ['-r', '@swc-node/register', '-r', resolve(REPO_ROOT, register), resolve(REPO_ROOT, entry)];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: resolve(REPO_ROOT, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  return {
    child,
    output: () => output,
    async waitForOutput(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `probe` until it returns true; fails with `what` after `timeoutMs`. */
export async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The worker app as a process of its own, on `databaseUrl` and `queuePrefix` (migrations are the
 * caller's), resolved once it says it has started. Extra variables override the defaults.
 */
export async function startWorkerProcess(
  target: { databaseUrl: string; queuePrefix: string },
  extraEnv: Record<string, string> = {},
  timeoutMs = 60_000,
  options: { built?: boolean } = {},
): Promise<RunningProcess> {
  const worker = startTsProcess(
    'apps/worker/src/main.ts',
    {
      NODE_ENV: 'test',
      DATABASE_URL: target.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: target.queuePrefix,
      RUN_MIGRATIONS: 'false',
      LOG_LEVEL: 'info',
      WORKER_PORT: '0', // parallel files each get a free port for /health, /ready and /metrics
      ...extraEnv,
    },
    options,
  );
  await worker.waitForOutput(/worker started/i, timeoutMs);
  return worker;
}
