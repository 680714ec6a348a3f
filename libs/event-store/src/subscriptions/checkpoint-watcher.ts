import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { Sql } from '../sql/sql';
import { CHECKPOINT_MOVED_CHANNEL } from './checkpoints';
import { ProjectionNotReadyError } from './errors';

/** While LISTEN is down: how often one query checks every projection that has waiters. */
const FALLBACK_POLL_MS = 100;
/** While LISTEN is up: a slow safety net in case a notification is lost with a dying socket. */
const SAFETY_POLL_MS = 1000;
/**
 * Checks made on a read replica: the primary's notification comes before the replica has
 * replayed the move, so while readers wait the replica is asked this often (one query per
 * waited-for projection, whatever the number of readers).
 */
const REPLICA_POLL_MS = 20;

interface Waiter {
  position: string;
  done: () => void;
}

/**
 * Lets readers wait for a projection to reach a position (`?after=`) at a cost that does not
 * grow with the number of readers: ONE connection per process LISTENs for checkpoint moves
 * (`saveCheckpoint` notifies in the checkpoint's own transaction), and each move of a
 * projection that has waiters costs ONE query that answers all of its waiters at once.
 * Checks of one projection never overlap: moves during a check fold into one more check.
 *
 * When the listening connection is down (not yet connected, dropped, the server restarted),
 * one shared poll checks every waited-for projection each 100 ms and the connection is opened
 * again; every waiter has its own deadline regardless, so none hangs past its timeout.
 *
 * With a read replica (`sql` reads it), the checkpoint is checked where the queries read: a
 * reader's `?after=` is answered once the replica has replayed the projection's move past that
 * position. LISTEN stays on the primary (a standby cannot LISTEN), and the replica is polled
 * while readers wait, since its replay follows the primary's notification.
 */
export class CheckpointWatcher {
  private readonly logger = new Logger(CheckpointWatcher.name);
  /** Projection name -> the readers waiting on it. */
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** Projection name -> a check is running; `again` asks for one more after it. */
  private readonly checks = new Map<string, { again: boolean }>();
  private client: Client | null = null;
  private listening = false;
  private poll: NodeJS.Timeout | null = null;
  private lastPoll = 0;
  private closed = false;
  /** Set while checks fail, so a database outage is logged once, not ten times a second. */
  private failing = false;

  constructor(
    private readonly sql: Sql,
    private readonly dataSource: DataSource,
    private readonly onReplica = false,
  ) {}

  /** Resolves once `name` has applied the event at `position`; ProjectionNotReadyError after `timeoutMs`. */
  waitFor(name: string, position: string, timeoutMs: number): Promise<void> {
    if (position === '0') return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiting = this.waiters.get(name) ?? new Set<Waiter>();
      this.waiters.set(name, waiting);
      const leave = () => {
        clearTimeout(deadline);
        waiting.delete(waiter);
        if (waiting.size === 0 && this.waiters.get(name) === waiting) this.waiters.delete(name);
        if (this.waiters.size === 0) this.stopPolling();
      };
      const waiter: Waiter = {
        position,
        done: () => {
          leave();
          resolve();
        },
      };
      const deadline = setTimeout(() => {
        leave();
        reject(new ProjectionNotReadyError(name, position, timeoutMs));
      }, timeoutMs);
      waiting.add(waiter);
      this.listen();
      this.startPolling();
      this.check(name); // it may be there already; joins a running check's next round
    });
  }

  /** Closes the listening connection; waiters still pending time out as usual. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopPolling();
    const client = this.client;
    this.client = null;
    this.listening = false;
    if (client) await client.end().catch(() => undefined);
  }

  private check(name: string): void {
    const running = this.checks.get(name);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.checks.set(name, state);
    void (async () => {
      try {
        do {
          state.again = false;
          const waiting = this.waiters.get(name);
          if (!waiting || waiting.size === 0) break;
          const reached = await this.reachedAmong(name, [...new Set([...waiting].map((w) => w.position))]);
          for (const waiter of [...waiting]) if (reached.has(waiter.position)) waiter.done();
        } while (state.again);
        this.failing = false;
      } catch (error) {
        // The next move or poll checks again; meanwhile each waiter keeps its own deadline.
        if (!this.failing) this.logger.warn(`checking ${name}'s checkpoint failed: ${(error as Error).message}`);
        this.failing = true;
      } finally {
        this.checks.delete(name);
      }
    })();
  }

  /** Which of `positions` the projection has passed: one query for any number of waiters. */
  private async reachedAmong(name: string, positions: string[]): Promise<Set<string>> {
    const { rows } = await this.sql.query<{ position: string }>(
      `SELECT e.global_position::text AS position
       FROM subscription_checkpoints c
       JOIN events e ON e.global_position = ANY($2::bigint[])
       WHERE c.name = $1 AND (c.last_transaction_id, c.last_position) >= (e.transaction_id, e.global_position)`,
      [name, positions],
    );
    return new Set(rows.map((row) => row.position));
  }

  private checkAll(): void {
    for (const name of this.waiters.keys()) this.check(name);
  }

  /** Opens the listening connection if there is none (again after a drop). */
  private listen(): void {
    if (this.client || this.closed || !this.dataSource.isInitialized) return;
    const client = new Client(listenerConfig(this.dataSource));
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === CHECKPOINT_MOVED_CHANNEL && message.payload && this.waiters.has(message.payload)) this.check(message.payload);
    });
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client));
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHECKPOINT_MOVED_CHANNEL}`))
      .then(() => {
        if (this.client !== client) return;
        this.listening = true;
        this.checkAll(); // moves made before LISTEN took effect were not announced to us
      })
      .catch((error: Error) => this.drop(client, error));
  }

  private drop(client: Client, error?: Error): void {
    if (this.client !== client) return;
    if (error && !this.closed) this.logger.warn(`checkpoint listener lost (${error.message}); polling until it is back`);
    this.client = null;
    this.listening = false;
    client.end().catch(() => undefined);
  }

  private startPolling(): void {
    if (this.poll) return;
    this.poll = setInterval(() => this.tick(), this.onReplica ? REPLICA_POLL_MS : FALLBACK_POLL_MS);
    this.poll.unref();
  }

  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }

  private tick(): void {
    if (this.waiters.size === 0) return this.stopPolling();
    if (!this.client) this.listen();
    const now = Date.now();
    if (this.listening && !this.onReplica && now - this.lastPoll < SAFETY_POLL_MS) return;
    this.lastPoll = now;
    this.checkAll();
  }
}

/** The DataSource's own server and credentials, for one connection outside its pool. */
function listenerConfig(dataSource: DataSource): ClientConfig {
  const options = dataSource.options as PostgresConnectionOptions;
  const base: ClientConfig = { application_name: 'goodpay-checkpoint-listener', keepAlive: true, ssl: options.ssl as ClientConfig['ssl'] };
  if (options.url) return { ...base, connectionString: options.url };
  return {
    ...base,
    host: options.host,
    port: options.port,
    user: options.username,
    password: typeof options.password === 'string' ? options.password : undefined,
    database: options.database,
  };
}
