import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { eventually } from './processes';
import { freePort } from './system';

const run = promisify(execFile);

/** Debian's PostgreSQL server binaries; PG_BIN points elsewhere. */
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** PostgreSQL refuses to run as root: a root test runs the servers as the system user `postgres`. */
async function serverAccount(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/**
 * A PostgreSQL primary and a streaming replica of it, each a `postgres` process of this test on
 * a free loopback port, in a temporary folder: initdb, start the primary, `pg_basebackup -R`
 * from it (which writes the standby's connection and standby.signal), start the replica.
 * Trust authentication on loopback only. `stop()` ends both and removes the folder.
 */
export class PostgresReplicaPair {
  primaryPort = 0;
  replicaPort = 0;
  private readonly dir = mkdtempSync(join(tmpdir(), 'goodpay-pg-replica-'));
  private readonly servers: ChildProcess[] = [];
  private account?: { uid: number; gid: number };

  get primaryUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.primaryPort}`;
  }

  get replicaUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.replicaPort}`;
  }

  async start(): Promise<this> {
    try {
      this.account = await serverAccount();
      if (this.account) chownSync(this.dir, this.account.uid, this.account.gid);
      [this.primaryPort, this.replicaPort] = [await freePort(), await freePort()];
      const primaryData = join(this.dir, 'primary');
      const replicaData = join(this.dir, 'replica');
      await this.as(join(BIN, 'initdb'), ['-D', primaryData, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
      appendFileSync(join(primaryData, 'pg_hba.conf'), 'host replication postgres 127.0.0.1/32 trust\n');
      this.startServer(primaryData, this.primaryPort);
      await this.answers(this.primaryUrl);
      await this.as(join(BIN, 'pg_basebackup'), [
        '-h',
        '127.0.0.1',
        '-p',
        String(this.primaryPort),
        '-U',
        'postgres',
        '-D',
        replicaData,
        '-R',
        '-X',
        'stream',
      ]);
      this.startServer(replicaData, this.replicaPort);
      await this.answers(this.replicaUrl);
      return this;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Runs `sql` on the replica (pause or resume its replay, ask how far it is). */
  async onReplica<Row = any>(sql: string, database = 'postgres'): Promise<Row[]> {
    const client = new Client({ connectionString: `${this.replicaUrl}/${database}` });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  private async as(command: string, args: string[]): Promise<void> {
    await run(command, args, { ...(this.account ?? {}), cwd: this.dir });
  }

  private startServer(data: string, port: number): void {
    // hot_standby is on by default; wal_level replica and max_wal_senders 10 are initdb's defaults.
    const server = spawn(
      join(BIN, 'postgres'),
      ['-D', data, '-p', String(port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=100'],
      { ...(this.account ?? {}), stdio: 'ignore', cwd: this.dir },
    );
    this.servers.push(server);
  }

  private async answers(url: string): Promise<void> {
    await eventually(
      async () => {
        const client = new Client({ connectionString: `${url}/postgres` });
        try {
          await client.connect();
          await client.query('SELECT 1');
          return true;
        } catch {
          return false;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      `PostgreSQL at ${url} answers`,
      30_000,
    );
  }

  async stop(): Promise<void> {
    // Fast shutdown (SIGINT), replica first; SIGKILL if one does not end in time.
    for (const server of [...this.servers].reverse()) {
      if (server.exitCode !== null || server.signalCode !== null) continue;
      await new Promise<void>((done) => {
        const force = setTimeout(() => server.kill('SIGKILL'), 10_000);
        server.once('exit', () => {
          clearTimeout(force);
          done();
        });
        server.kill('SIGINT');
      });
    }
    if (existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true });
  }
}
