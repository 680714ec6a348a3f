import { Module } from '@nestjs/common';
import { CampaignModule } from '@goodpay/campaign';
import { RaffleModule, RaffleReadModule } from '@goodpay/raffle';
import { AuthModule } from '../auth/auth.module';
import { RaffleAwardsController } from './raffle-awards.controller';
import { RaffleCertificationsController } from './raffle-certifications.controller';
import { RaffleRoundsController } from './raffle-rounds.controller';

/**
 * The raffle over HTTP: citizens certify, staff review and run the rounds, the public reads
 * the results. Needs PersonalDataModule (global) and `registerRaffleUploads` at bootstrap.
 */
@Module({
  imports: [AuthModule, CampaignModule, RaffleModule, RaffleReadModule],
  controllers: [RaffleRoundsController, RaffleCertificationsController, RaffleAwardsController],
})
export class RaffleHttpModule {}
