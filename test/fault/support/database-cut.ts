import { Client } from 'pg';
import { TEST_SERVER_URL } from '../../support/test-database';

/**
 * The application_name of a test's own connections that watch the system under fault: they are
 * not the system, so a cut spares them (a test reading through a pool whose idle connection was
 * just terminated failed on its own read, once in a CI run).
 */
export const OBSERVER_APPLICATION_NAME = 'goodpay-fault-observer';

/**
 * What a PostgreSQL restart looks like to our processes, without restarting the server every
 * parallel test file shares: every connection of the system to our own database is terminated
 * at once (in-flight transactions roll back, pools must reconnect). Returns how many were cut.
 */
export async function cutDatabaseConnections(database: string): Promise<number> {
  const client = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ cut: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS cut
       FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name IS DISTINCT FROM $2`,
      [database, OBSERVER_APPLICATION_NAME],
    );
    return rows[0].cut;
  } finally {
    await client.end();
  }
}
