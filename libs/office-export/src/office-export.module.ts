import { BullModule } from '@nestjs/bullmq';
import { Module, type OnModuleInit } from '@nestjs/common';
import { CampaignModule } from '@goodpay/campaign';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { RaffleReadModule } from '@goodpay/raffle';
import { ExportBuilder } from './jobs/export-builder';
import { OFFICE_EXPORT_QUEUE } from './jobs/office-export-queue';
import { OfficeExportProcessor } from './jobs/office-export.processor';
import { officeExportsReactor } from './jobs/office-exports.reactor';
import { OfficeExports } from './queries/office-exports';
import { RequestOfficeExportHandler } from './request/request-export.handler';

/**
 * The api side of the office's exports: the request command, the status and the file. Registers
 * the office-exports reactor with the process's Subscriptions (the worker runs it).
 */
@Module({
  imports: [EventStoreModule, BullModule.registerQueue({ name: OFFICE_EXPORT_QUEUE })],
  providers: [RequestOfficeExportHandler, OfficeExports],
  exports: [OfficeExports],
})
export class OfficeExportModule implements OnModuleInit {
  constructor(private readonly subscriptions: Subscriptions) {}

  onModuleInit(): void {
    this.subscriptions.register(officeExportsReactor());
  }
}

/**
 * The worker side: the job that builds each export's file from the contexts' export queries
 * and reads (the campaign read model, the raffle's masked winner lists).
 */
@Module({
  imports: [
    EventStoreModule,
    OfficeExportModule,
    CampaignModule,
    RaffleReadModule,
    BullModule.registerQueue({ name: OFFICE_EXPORT_QUEUE }),
  ],
  providers: [ExportBuilder, OfficeExportProcessor],
  exports: [ExportBuilder],
})
export class OfficeExportWorkerModule {}
