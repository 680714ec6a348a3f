import { CampaignModule } from '@goodpay/campaign';
import { Module } from '@nestjs/common';
import { ParticipantModule } from '@goodpay/participant';
import { AuthModule } from '../auth/auth.module';
import { CitizensController } from './citizens.controller';
import { OrganisationsController } from './organisations.controller';

/** Citizens and organisations over HTTP. */
@Module({
  imports: [AuthModule, CampaignModule, ParticipantModule],
  controllers: [CitizensController, OrganisationsController],
})
export class ParticipantsHttpModule {}
