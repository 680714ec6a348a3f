import { Client } from 'pg';

/**
 * Holds a stream's row in `event_streams` in an open, never committed transaction. A writer
 * creating that stream (an append "stream must not exist") then waits on the row's unique key
 * inside its own transaction, after whatever it appended before it: the moment to kill it.
 */
export class StreamHold {
  private released = false;

  private constructor(
    private readonly client: Client,
    readonly pid: number,
  ) {}

  static async take(databaseUrl: string, streamId: string): Promise<StreamHold> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await client.query('BEGIN');
    await client.query(`INSERT INTO event_streams (stream_id, stream_type, version) VALUES ($1, 'hold', 1)`, [streamId]);
    return new StreamHold(client, rows[0].pid);
  }

  /** The server process of a writer waiting on this hold, if one is. */
  async waiter(): Promise<number | null> {
    // Statistics views are a snapshot per transaction, and this one stays open: refresh it.
    await this.client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await this.client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) LIMIT 1`,
      [this.pid],
    );
    return rows[0]?.pid ?? null;
  }

  /** Rolls the held row back: nothing of it was ever visible. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.client.query('ROLLBACK');
    await this.client.end();
  }
}
