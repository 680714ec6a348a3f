import { Client } from 'pg';
import { TEST_SERVER_URL } from '../../support/test-database';

/**
 * What a PostgreSQL restart looks like to our processes, without restarting the server every
 * parallel test file shares: every connection to our own database is terminated at once
 * (in-flight transactions roll back, pools must reconnect). Returns how many were cut.
 */
export async function cutDatabaseConnections(database: string): Promise<number> {
  const client = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ cut: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS cut
       FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    return rows[0].cut;
  } finally {
    await client.end();
  }
}
