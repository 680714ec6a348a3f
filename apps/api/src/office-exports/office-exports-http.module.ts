import { CampaignModule } from '@goodpay/campaign';
import { Module } from '@nestjs/common';
import { OfficeExportModule } from '@goodpay/office-export';
import { AuthModule } from '../auth/auth.module';
import { OfficeExportsController } from './office-exports.controller';

/** The office's exports over HTTP (staff): request, status, download. */
@Module({
  imports: [AuthModule, CampaignModule, OfficeExportModule],
  controllers: [OfficeExportsController],
})
export class OfficeExportsHttpModule {}
