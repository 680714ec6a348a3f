import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { LocalServerUnavailableError } from './local-server-error';
import { freeLoopbackPort, waitUntil } from './tcp';

/** What to do when there is neither a Redis on the default port nor a redis-server to start. */
export const INSTALL_REDIS =
  'install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to a Redis you have';

async function pong(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * `redis-server` from the PATH, as a child of this process on a free loopback port, without
 * persistence: Redis holds only queues and counters that are rebuilt from PostgreSQL, so
 * nothing is written to disk. Stopped (SIGTERM) with the process.
 */
export class LocalRedis {
  private child?: ChildProcess;

  constructor(private readonly command = 'redis-server') {}

  async start(): Promise<string> {
    const port = await freeLoopbackPort();
    const child = spawn(
      this.command,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        // Its own process group: a Ctrl-C at the terminal reaches this process only, which stops
        // Redis after the app has closed, instead of both at once (the workers would lose it mid-drain).
        detached: true,
      },
    );
    let failure: Error | undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      failure =
        error.code === 'ENOENT'
          ? new LocalServerUnavailableError(
              `Redis: nothing answers on the default port and there is no ${this.command} on the PATH: ${INSTALL_REDIS}.`,
            )
          : error;
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    this.child = child;
    const url = `redis://127.0.0.1:${port}`;
    await waitUntil(
      async () => {
        if (failure) throw failure;
        if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${stderr.trim()}`);
        return pong(url);
      },
      'redis-server answers',
      30_000,
    );
    return url;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  }
}
