import { Module } from '@nestjs/common';
import { PlatformModule, useIsolatedEnv } from '@goodpay/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MigrateCommand } from './commands/migrate.command';
import { runCli, usage } from './run-cli';

const env = useIsolatedEnv('cli');

class CreateGadgets1700000000002 implements MigrationInterface {
  name = 'CreateGadgets1700000000002';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE gadgets (id int PRIMARY KEY)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gadgets');
  }
}

@Module({
  imports: [PlatformModule.forRoot({ migrations: [CreateGadgets1700000000002], runMigrations: false })],
  providers: [MigrateCommand],
})
class TestCliModule {}

describe('cli', () => {
  let output: string[];
  let stdout: jest.SpyInstance;
  let stderr: jest.SpyInstance;

  beforeEach(() => {
    output = [];
    const capture = (chunk: unknown): boolean => (output.push(String(chunk)), true);
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  });

  afterEach(() => {
    stdout.mockRestore();
    stderr.mockRestore();
  });

  afterAll(() => env.cleanup());

  it('migrate creates the database, applies the pending migrations and says which', async () => {
    expect(await runCli(['migrate'], { module: TestCliModule })).toBe(0);
    expect(output).toContain('applied CreateGadgets1700000000002\n');
    output.length = 0;
    expect(await runCli(['migrate'], { module: TestCliModule })).toBe(0);
    expect(output).toContain('no pending migrations\n');
  });

  it('lists its commands, and refuses an unknown one with exit code 2', async () => {
    expect(await runCli(['help'])).toBe(0);
    expect(output.join('')).toContain(usage());
    expect(usage()).toMatch(/migrate\s+create the database if missing/);
    output.length = 0;
    expect(await runCli(['projection:frobnicate'])).toBe(2);
    expect(output.join('')).toContain('unknown command "projection:frobnicate"');
  });
});
