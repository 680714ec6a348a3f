import { type MigrationClass, POSTGRES_SESSION_OPTIONS } from '@goodpay/platform';
import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { eventStoreMigrations, inTransaction, type Sql } from '@goodpay/event-store';

/** The server every test uses; each test file gets its own database on it. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  name: string;
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

async function onMaintenanceDb<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const dataSourceOn = (url: string, migrations: MigrationClass[], poolSize: number) =>
  new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsTransactionMode: 'each',
    extra: { max: poolSize, options: POSTGRES_SESSION_OPTIONS },
  });

/**
 * A fresh, uniquely named database for one test file: files run in parallel without sharing rows.
 * It is a copy of a migrated template (CREATE DATABASE ... TEMPLATE, a file copy on the server):
 * running every migration again for each file cost seconds a file.
 */
export async function createTestDatabase(
  migrations: MigrationClass[] = eventStoreMigrations,
  options: { poolSize?: number } = {},
): Promise<TestDatabase> {
  const name = `goodpay_test_${randomBytes(6).toString('hex')}`;
  const template = await migratedTemplate(migrations);
  await onMaintenanceDb((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = `${TEST_SERVER_URL}/${name}`;
  const dataSource = dataSourceOn(url, migrations, options.poolSize ?? 20);
  await dataSource.initialize();
  return {
    name,
    url,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(name);
    },
  };
}

/**
 * The template for a list of migrations, migrated once and kept on the server. Its name is a
 * hash of the migrations' names and code (each migration is a self-contained class), so a
 * changed migration gets a new template and an old one is never used for it. It is built under
 * another name and renamed when complete: a file that runs at the same time either sees no
 * template and builds its own (the second rename loses and drops its copy) or a whole one.
 * Connections to it are refused, since CREATE DATABASE ... TEMPLATE fails while anyone is connected.
 */
async function migratedTemplate(migrations: MigrationClass[]): Promise<string> {
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(`${migration.name}\n${migration.toString()}\n`);
  const template = `goodpay_template_${hash.digest('hex').slice(0, 16)}`;
  const exists = await onMaintenanceDb(
    async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount === 1,
  );
  if (exists) return template;

  const building = `goodpay_template_build_${randomBytes(6).toString('hex')}`;
  await onMaintenanceDb((client) => client.query(`CREATE DATABASE ${building}`));
  try {
    const dataSource = dataSourceOn(`${TEST_SERVER_URL}/${building}`, migrations, 4);
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
    } finally {
      await dataSource.destroy();
    }
    await onMaintenanceDb(async (client) => {
      await client.query(`ALTER DATABASE ${building} WITH ALLOW_CONNECTIONS false`);
      await client.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    });
  } catch (error) {
    await dropDatabase(building);
    if ((error as { code?: string }).code !== '42P04') throw error; // 42P04: another file's template won
  }
  return template;
}

export async function dropDatabase(name: string): Promise<void> {
  await onMaintenanceDb((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/**
 * Opens a transaction, runs `work` in it (by default only taking its id), and keeps it open
 * until the returned function commits it: an older transaction still running, which holds back
 * every gap-safe reader's horizon on the whole server. Call the function in a `finally`: left
 * open, it stalls every other test.
 */
export async function holdOlderTransaction(
  dataSource: DataSource,
  work: (sql: Sql) => Promise<unknown> = (sql) => sql.query('SELECT pg_current_xact_id()'),
): Promise<() => Promise<void>> {
  let release!: () => void;
  let begun!: () => void;
  const open = new Promise<void>((resolve) => (begun = resolve));
  const done = inTransaction(dataSource, async (sql) => {
    await work(sql);
    begun();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await Promise.race([open, done]);
  return async () => {
    release();
    await done;
  };
}
