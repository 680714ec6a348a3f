import { Module } from '@nestjs/common';
import { DonationModule } from '@goodpay/donation';
import { AuthModule } from '../auth/auth.module';
import { DonationCommandsController } from './donation-commands.controller';
import { DonationQueriesController } from './donation-queries.controller';

/** Donations over HTTP: citizens give cashback; staff run receipts and disburse; donors read their receipts; anyone reads the figures. */
@Module({
  imports: [AuthModule, DonationModule.forRoot()],
  controllers: [DonationCommandsController, DonationQueriesController],
})
export class DonationsHttpModule {}
