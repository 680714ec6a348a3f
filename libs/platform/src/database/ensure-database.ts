import { Client, type DatabaseError } from 'pg';

/** SQLSTATEs that mean "someone else created it at the same moment". */
const ALREADY_CREATED = new Set(['42P04' /* duplicate_database */, '23505' /* unique_violation */]);
const INVALID_CATALOG_NAME = '3D000';

export function databaseNameOf(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database (expected …/<database>)');
  return name;
}

/** The same server and credentials, another database (default the `postgres` maintenance db). */
export function withDatabase(databaseUrl: string, database = 'postgres'): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function withClient<T>(connectionString: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates the database named by `databaseUrl` when it does not exist yet; returns whether it
 * did. Connects to the target first, so a server where the database exists needs no access to
 * the maintenance database. Safe when several processes start at once.
 */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const name = databaseNameOf(databaseUrl);
  try {
    await withClient(databaseUrl, async () => undefined);
    return false;
  } catch (error) {
    if ((error as DatabaseError).code !== INVALID_CATALOG_NAME) throw error;
  }
  return withClient(withDatabase(databaseUrl), async (client) => {
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      return true;
    } catch (error) {
      if (ALREADY_CREATED.has((error as DatabaseError).code ?? '')) return false;
      throw error;
    }
  });
}

/** Drops the database named by `databaseUrl`, closing its connections (tests and tooling). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseNameOf(databaseUrl);
  await withClient(withDatabase(databaseUrl), (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
  );
}
