import { Module } from '@nestjs/common';
import { AppConfig } from '@goodpay/platform';
import { SettlementModule } from '@goodpay/settlement';
import { AuthModule } from '../auth/auth.module';
import { settlementOptionsFrom } from '../every-process';
import { SettlementCommandsController } from './settlement-commands.controller';
import { SettlementQueriesController } from './settlement-queries.controller';
import { PayoutAccountsController } from '../payouts/payout-accounts.controller';
import { PayoutFilesController } from '../payouts/payout-files.controller';

/**
 * Settlement over HTTP: statements, payouts, reconciliation; staff run a day and retry payouts;
 * shops register their settlement accounts; staff make and import bulk-transfer files.
 */
@Module({
  imports: [AuthModule, SettlementModule.forRootAsync({ inject: [AppConfig], useFactory: settlementOptionsFrom })],
  controllers: [SettlementCommandsController, SettlementQueriesController, PayoutAccountsController, PayoutFilesController],
})
export class SettlementHttpModule {}
