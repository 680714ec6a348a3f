import type { MigrationClass } from '@goodpay/platform';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { eventStoreMigrations } from '@goodpay/event-store';

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

/** A fresh, uniquely named database for one test file: files run in parallel without sharing rows. */
export async function createTestDatabase(
  migrations: MigrationClass[] = eventStoreMigrations,
  options: { poolSize?: number } = {},
): Promise<TestDatabase> {
  const name = `goodpay_test_${randomBytes(6).toString('hex')}`;
  await onMaintenanceDb((client) => client.query(`CREATE DATABASE ${name}`));
  const url = `${TEST_SERVER_URL}/${name}`;
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsTransactionMode: 'each',
    extra: { max: options.poolSize ?? 20 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
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

export async function dropDatabase(name: string): Promise<void> {
  await onMaintenanceDb((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
