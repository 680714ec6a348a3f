import { Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { PlatformModule } from '@goodpay/platform';
import { EventStoreModule } from '@goodpay/event-store';
import { PrepaymentReadModule } from '@goodpay/prepayment';
import { API_MIGRATIONS } from '../../api/src/migrations';
import type { CliCommandRunner } from './cli-command';
import { MigrateCommand } from './commands/migrate.command';
import { ProjectionRebuildCommand } from './commands/projection-rebuild.command';
import { InvariantsCheckCommand } from './commands/invariants-check.command';

/** Every command the CLI offers (each a @CliCommand provider). */
export const CLI_COMMANDS: Type<CliCommandRunner>[] = [MigrateCommand, ProjectionRebuildCommand, InvariantsCheckCommand];

/** Modules the commands need (e.g. the event store and the projections for a rebuild). */
export const CLI_FEATURES: NonNullable<ModuleMetadata['imports']> = [EventStoreModule, PrepaymentReadModule];

/** Migrations run only when asked (`migrate`), never as a side effect of starting the CLI. */
@Module({
  imports: [PlatformModule.forRoot({ migrations: API_MIGRATIONS, runMigrations: false }), ...CLI_FEATURES],
  providers: [...CLI_COMMANDS],
})
export class CliModule {}
