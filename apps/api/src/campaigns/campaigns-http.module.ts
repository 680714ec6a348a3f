import { Module } from '@nestjs/common';
import { CampaignModule } from '@goodpay/campaign';
import { AuthModule } from '../auth/auth.module';
import { CampaignsController } from './campaigns.controller';

/** Campaigns over HTTP: staff's commands and the public views. */
@Module({
  imports: [AuthModule, CampaignModule],
  controllers: [CampaignsController],
})
export class CampaignsHttpModule {}
