import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { useIsolatedEnv } from '../testing/isolated-env';
import { PlatformModule } from '../platform.module';
import { dropDatabase, ensureDatabaseExists } from './ensure-database';
import { runPendingMigrations } from './run-migrations';

const env = useIsolatedEnv('db');

class CreateWidgets1700000000001 implements MigrationInterface {
  name = 'CreateWidgets1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE widgets (id int PRIMARY KEY)');
    await runner.query('SELECT pg_sleep(0.2)'); // widen the window in which a second process could collide
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widgets');
  }
}

@Module({ imports: [PlatformModule.forRoot({ migrations: [CreateWidgets1700000000001] })] })
class MigratingModule {}

const start = (): Promise<INestApplicationContext> =>
  NestFactory.createApplicationContext(MigratingModule, { logger: false, abortOnError: false });

describe('DatabaseModule', () => {
  afterAll(() => env.cleanup());

  it('leaves the schema alone when RUN_MIGRATIONS=false', async () => {
    process.env.RUN_MIGRATIONS = 'false';
    const app = await start();
    try {
      const [{ exists }] = await app.get(DataSource).query(`SELECT to_regclass('widgets') IS NOT NULL AS exists`);
      expect(exists).toBe(false);
      expect(app.get(DataSource).options).toMatchObject({ synchronize: false });
    } finally {
      delete process.env.RUN_MIGRATIONS;
      await app.close();
    }
  });

  it('creates the database and applies the pending migrations on start', async () => {
    const app = await start();
    try {
      const rows = await app.get(DataSource).query('SELECT name FROM migrations');
      expect(rows).toEqual([{ name: 'CreateWidgets1700000000001' }]);
    } finally {
      await app.close();
    }
  });

  it('opens every connection with JIT off (see session-options.ts)', async () => {
    const app = await start();
    try {
      const dataSource = app.get(DataSource);
      const settings = await Promise.all(Array.from({ length: 3 }, () => dataSource.query(`SELECT current_setting('jit') AS jit`)));
      expect(settings.map(([{ jit }]) => jit)).toEqual(['off', 'off', 'off']);
    } finally {
      await app.close();
    }
  });

  it('lets processes that migrate at the same moment take turns (each migration runs once)', async () => {
    const url = `${env.databaseUrl}_race`;
    await ensureDatabaseExists(url);
    const sources = await Promise.all(
      Array.from({ length: 3 }, () => new DataSource({ type: 'postgres', url, migrations: [CreateWidgets1700000000001] }).initialize()),
    );
    try {
      const ran = await Promise.all(sources.map((source) => runPendingMigrations(source)));
      expect(ran.map((migrations) => migrations.length).sort()).toEqual([0, 0, 1]);
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
      await dropDatabase(url);
    }
  });
});
