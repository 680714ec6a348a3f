import { Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { AppConfig, PlatformModule } from '@goodpay/platform';
import { EventStoreModule } from '@goodpay/event-store';
import { CampaignModule } from '@goodpay/campaign';
import { DonationReadModule } from '@goodpay/donation';
import { NotificationModule } from '@goodpay/notification';
import { MerchantModule } from '@goodpay/merchant';
import { ParticipantModule } from '@goodpay/participant';
import { PrepaymentReadModule } from '@goodpay/prepayment';
import { RaffleReadModule } from '@goodpay/raffle';
import { SettlementModule } from '@goodpay/settlement';
import {
  API_MIGRATIONS,
  notificationOptionsFrom,
  PERSONAL_DATA_VAULT,
  settlementOptionsFrom,
  VERIFIED_IDENTITY,
} from '../../api/src/every-process';
import type { CliCommandRunner } from './cli-command';
import { MigrateCommand } from './commands/migrate.command';
import { ProjectionRebuildCommand } from './commands/projection-rebuild.command';
import { InvariantsCheckCommand } from './commands/invariants-check.command';
import { RaffleVerifyCommand } from './commands/raffle-verify.command';

/** Every command the CLI offers (each a @CliCommand provider). */
export const CLI_COMMANDS: Type<CliCommandRunner>[] = [
  MigrateCommand,
  ProjectionRebuildCommand,
  InvariantsCheckCommand,
  RaffleVerifyCommand,
];

/** Modules the commands need: the event store, and every projection so any can be rebuilt. */
export const CLI_FEATURES: NonNullable<ModuleMetadata['imports']> = [
  EventStoreModule,
  CampaignModule,
  MerchantModule,
  ParticipantModule,
  PrepaymentReadModule,
  DonationReadModule,
  RaffleReadModule,
  SettlementModule.forRootAsync({ inject: [AppConfig], useFactory: settlementOptionsFrom }),
  NotificationModule.forRootAsync({ inject: [AppConfig], useFactory: notificationOptionsFrom }),
];

/** Migrations run only when asked (`migrate`), never as a side effect of starting the CLI. */
@Module({
  imports: [
    PlatformModule.forRoot({ migrations: API_MIGRATIONS, runMigrations: false }),
    PERSONAL_DATA_VAULT,
    VERIFIED_IDENTITY,
    ...CLI_FEATURES,
  ],
  providers: [...CLI_COMMANDS],
})
export class CliModule {}
