import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { eventually } from './processes';
import { freePort } from './system';

const run = promisify(execFile);

interface ClusterNode {
  port: number;
  child: ChildProcess;
}

/**
 * A real Redis Cluster for a test: six `redis-server` processes (Debian's) on free loopback
 * ports, `--cluster-enabled yes`, in a temporary folder, made into three masters with a replica
 * each by `redis-cli --cluster create`. `stop()` kills them all and removes the folder; a test
 * calls it in afterAll (and it runs on a failed start too).
 */
export class RedisCluster {
  private readonly nodes: ClusterNode[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'goodpay-redis-cluster-'));

  /** `host:port` of every node, for REDIS_CLUSTER_NODES. */
  get seedNodes(): string {
    return this.nodes.map((node) => `127.0.0.1:${node.port}`).join(',');
  }

  /** For the helpers that take the app's settings (flushPrefix). */
  get settings() {
    return { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: this.seedNodes.split(',') };
  }

  async start(size = 6): Promise<this> {
    try {
      for (let i = 0; i < size; i += 1) await this.startNode(i);
      await run('redis-cli', [
        '--cluster',
        'create',
        ...this.nodes.map((node) => `127.0.0.1:${node.port}`),
        '--cluster-replicas',
        '1',
        '--cluster-yes',
      ]);
      await eventually(
        async () => (await Promise.all(this.nodes.map((n) => this.clusterState(n.port)))).every((s) => s === 'ok'),
        'the cluster is ok',
        30_000,
      );
      // Every replica has synced with its master, so a failover has a replica that can take over.
      await eventually(async () => (await this.replicasInSync()) === size / 2, 'the replicas are in sync', 30_000);
      return this;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /**
   * A free port can be taken by someone else before redis-server binds it (or be handed out twice:
   * the node's and its bus port): a node that exits before it answers is started again on others.
   */
  private async startNode(index: number, attempts = 3): Promise<void> {
    const port = await freePort();
    let busPort = await freePort();
    while (busPort === port) busPort = await freePort();
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--cluster-port',
        String(busPort),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(this.dir, `nodes-${index}.conf`),
        '--cluster-node-timeout',
        '1000',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
      ],
      { stdio: 'ignore' },
    );
    await eventually(
      async () => child.exitCode !== null || (await this.ask(port, ['ping']).catch(() => '')) === 'PONG',
      `redis-server on ${port} answers`,
      15_000,
    );
    if (child.exitCode !== null && attempts > 1) return this.startNode(index, attempts - 1);
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} (bus ${busPort}) exited with ${child.exitCode}`);
    this.nodes.push({ port, child });
  }

  private async ask(port: number, command: string[]): Promise<string> {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return String(await client.call(command[0], ...command.slice(1)));
    } finally {
      client.disconnect();
    }
  }

  private async clusterState(port: number): Promise<string> {
    const info = await this.ask(port, ['cluster', 'info']).catch(() => '');
    return /cluster_state:(\w+)/.exec(info)?.[1] ?? 'unknown';
  }

  private async replicasInSync(): Promise<number> {
    let synced = 0;
    for (const node of this.nodes) {
      if (node.child.exitCode !== null || node.child.signalCode !== null) continue;
      const info = await this.ask(node.port, ['info', 'replication']).catch(() => '');
      if (/role:slave/.test(info) && /master_link_status:up/.test(info)) synced += 1;
    }
    return synced;
  }

  /** The port of the master that holds `key`'s slot now. */
  async masterOf(key: string): Promise<number> {
    const alive = this.nodes.find((node) => node.child.exitCode === null && node.child.signalCode === null)!;
    const slot = Number(await this.ask(alive.port, ['cluster', 'keyslot', key]));
    const slots = JSON.parse(JSON.stringify(await this.slots(alive.port))) as [number, number, [string, number]][];
    const range = slots.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`no master holds slot ${slot}`);
    return range[2][1];
  }

  private async slots(port: number): Promise<unknown> {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await client.cluster('SLOTS');
    } finally {
      client.disconnect();
    }
  }

  /** SIGKILLs the master holding `key`'s slot, then waits until its replica has taken the slot over. */
  async killMasterOf(key: string): Promise<{ killed: number; promoted: number }> {
    const killed = await this.masterOf(key);
    const node = this.nodes.find((n) => n.port === killed)!;
    await new Promise<void>((done) => {
      node.child.once('exit', () => done());
      node.child.kill('SIGKILL');
    });
    let promoted = killed;
    await eventually(
      async () => {
        promoted = await this.masterOf(key).catch(() => killed);
        return promoted !== killed && (await this.clusterState(promoted)) === 'ok';
      },
      'a replica took over the slot',
      30_000,
    );
    return { killed, promoted };
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.nodes.map(
        (node) =>
          new Promise<void>((done) => {
            if (node.child.exitCode !== null || node.child.signalCode !== null) return done();
            node.child.once('exit', () => done());
            node.child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
