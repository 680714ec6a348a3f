import { Module } from '@nestjs/common';
import { DonationModule } from '@goodpay/donation';
import { AppConfig } from '@goodpay/platform';
import { AuthModule } from '../auth/auth.module';
import { DonationCommandsController } from './donation-commands.controller';
import { DonationQueriesController } from './donation-queries.controller';

/** Donations over HTTP: citizens give cashback; staff run receipts and disburse; donors read their receipts; anyone reads the figures. */
@Module({
  imports: [
    AuthModule,
    DonationModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        chest: { registrationNumber: config.COMMUNITY_CHEST_REGISTRATION_NUMBER || null, address: config.COMMUNITY_CHEST_ADDRESS || null },
        typeCode: config.DONATION_TYPE_CODE,
        cashbackFigures: config.CASHBACK_FIGURES,
      }),
    }),
  ],
  controllers: [DonationCommandsController, DonationQueriesController],
})
export class DonationsHttpModule {}
