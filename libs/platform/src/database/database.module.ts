import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EventEmitter } from 'node:events';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from '../config/app-config';
import { ensureDatabaseExists } from './ensure-database';
import { runPendingMigrations } from './run-migrations';
import { POSTGRES_SESSION_OPTIONS } from './session-options';

export type MigrationClass = new () => MigrationInterface;

export interface DatabaseModuleOptions {
  /** Every migration of the product, from every library, in order. */
  migrations: MigrationClass[];
  /**
   * Overrides RUN_MIGRATIONS for this process; the CLI passes false and migrates itself.
   * Default: the RUN_MIGRATIONS configuration.
   */
  runMigrations?: boolean;
}

/**
 * PostgreSQL through TypeORM's DataSource (raw SQL: no entities). The schema only ever changes
 * through migrations, never `synchronize`. On start: create the database when missing, connect,
 * then apply pending migrations under an advisory lock when RUN_MIGRATIONS is on.
 */
/**
 * pg reports a broken connection as an 'error' event, and an event without a listener ends the
 * process. pg-pool and TypeORM listen, but on a new connection TypeORM attaches its listener a
 * tick after the pool hands it over: when the server cuts the connection in that tick (a restart,
 * pg_terminate_backend), nobody listens. So every pooled connection gets a listener at birth; the
 * pool and TypeORM still do the handling (drop the connection, fail its queries).
 */
function listenForErrorsFromBirth(dataSource: DataSource): void {
  const driver = dataSource.driver as PostgresDriver;
  for (const pool of [driver.master, ...driver.slaves] as EventEmitter[]) {
    pool.on('connect', (connection: EventEmitter) => connection.on('error', () => undefined));
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    const logger = new Logger('Database');
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            type: 'postgres' as const,
            url: config.DATABASE_URL,
            // With a read replica, TypeORM keeps a pool on each: the primary ("master") serves
            // everything by default; the queries ask for the replica (readSqlOn in the event store).
            ...(config.DATABASE_READ_URL
              ? { replication: { master: { url: config.DATABASE_URL }, slaves: [{ url: config.DATABASE_READ_URL }] } }
              : {}),
            synchronize: false,
            migrationsRun: options.runMigrations ?? config.RUN_MIGRATIONS,
            migrationsTransactionMode: 'each' as const,
            migrations: options.migrations,
            entities: [],
            extra: { max: config.DB_POOL_SIZE, application_name: 'goodpay', options: POSTGRES_SESSION_OPTIONS },
            logging: false,
            retryAttempts: 5,
            retryDelay: 2000,
          }),
          dataSourceFactory: async (dataSourceOptions?: DataSourceOptions) => {
            if (!dataSourceOptions) throw new Error('DatabaseModule: no DataSource options');
            const { migrationsRun, ...rest } = dataSourceOptions;
            const url = (rest as { url: string }).url;
            if (await ensureDatabaseExists(url)) logger.log('created the database');
            // migrationsRun is honoured below, under the lock, rather than inside initialize().
            const dataSource = await new DataSource({ ...rest, migrationsRun: false } as DataSourceOptions).initialize();
            listenForErrorsFromBirth(dataSource);
            if (migrationsRun) {
              try {
                const ran = await runPendingMigrations(dataSource);
                for (const migration of ran) logger.log(`migration applied: ${migration.name}`);
              } catch (error) {
                await dataSource.destroy();
                throw error;
              }
            }
            return dataSource;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
