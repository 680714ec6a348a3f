import { runPendingMigrations } from '@goodpay/platform';
import { DataSource } from 'typeorm';
import { CliCommand, type CliCommandRunner, print } from '../cli-command';

/** The database already exists when this runs: DatabaseModule creates it before connecting. */
@CliCommand({ name: 'migrate', description: 'create the database if missing and apply the pending migrations' })
export class MigrateCommand implements CliCommandRunner {
  constructor(private readonly dataSource: DataSource) {}

  async run(): Promise<number> {
    const ran = await runPendingMigrations(this.dataSource);
    if (ran.length === 0) print('no pending migrations');
    for (const migration of ran) print(`applied ${migration.name}`);
    return 0;
  }
}
