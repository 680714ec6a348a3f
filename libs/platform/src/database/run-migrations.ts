import type { DataSource, Migration } from 'typeorm';

/**
 * One advisory lock per database for every goodpay process: an api and a worker that start
 * together must not both apply the same migration (TypeORM's `migrationsRun` takes no lock).
 */
const MIGRATION_LOCK = "hashtext('goodpay:migrations')";

/**
 * Applies the pending migrations, each in its own transaction, while holding the migration
 * lock; returns those that ran (none when another process applied them first).
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } finally {
    await runner.release();
  }
}
