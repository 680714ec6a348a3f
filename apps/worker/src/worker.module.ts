import { Module, type ModuleMetadata } from '@nestjs/common';
import { ProjectionWorkerModule } from '@goodpay/event-store';
import { CampaignModule } from '@goodpay/campaign';
import { MerchantModule } from '@goodpay/merchant';
import { ParticipantModule } from '@goodpay/participant';
import { GatewayRefundsWorkerModule, PREPAYMENT_GAUGES, PrepaidTermsWorkerModule, PrepaymentReadModule } from '@goodpay/prepayment';
import { DonationReadModule } from '@goodpay/donation';
import { NOTIFICATION_GAUGES, NotificationModule } from '@goodpay/notification';
import { RaffleWorkerModule } from '@goodpay/raffle';
import { OfficeExportWorkerModule } from '@goodpay/office-export';
import { SETTLEMENT_GAUGES, SettlementWorkerModule } from '@goodpay/settlement';
import { AppConfig, BusinessGaugesModule, OperationsModule, PlatformModule } from '@goodpay/platform';
// The migrations and the vault every process shares.
import {
  API_MIGRATIONS,
  notificationOptionsFrom,
  paymentGatewayFrom,
  PERSONAL_DATA_VAULT,
  settlementOptionsFrom,
  VERIFIED_IDENTITY,
} from '../../api/src/every-process';

/**
 * The worker side of each feature: BullMQ processors (`@Processor(queue)` classes extending
 * WorkerHost), projections, schedulers. Registered once here; the standalone process reuses it.
 */
export const WORKER_FEATURES: NonNullable<ModuleMetadata['imports']> = [
  ProjectionWorkerModule,
  CampaignModule,
  MerchantModule,
  ParticipantModule,
  PrepaymentReadModule,
  GatewayRefundsWorkerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => ({ gateway: paymentGatewayFrom(config) }),
  }),
  PrepaidTermsWorkerModule,
  RaffleWorkerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => ({ drandUrl: config.DRAND_URL }) }),
  DonationReadModule,
  SettlementWorkerModule.forRootAsync({ inject: [AppConfig], useFactory: settlementOptionsFrom }),
  NotificationModule.forRootAsync({ worker: true, inject: [AppConfig], useFactory: notificationOptionsFrom }),
  OfficeExportWorkerModule,
  // The office's figures, reported by workers only (an api replica would report them again).
  BusinessGaugesModule.forRoot([...PREPAYMENT_GAUGES, ...SETTLEMENT_GAUGES, ...NOTIFICATION_GAUGES]),
];

/**
 * The process that runs the processors, with HTTP for operations only (OperationsModule). Shutting down (SIGTERM/SIGINT) stops taking
 * jobs and waits for the in-flight ones before closing PostgreSQL and Redis (WorkerDrain).
 */
@Module({
  imports: [
    PlatformModule.forRoot({ migrations: API_MIGRATIONS }),
    PERSONAL_DATA_VAULT,
    VERIFIED_IDENTITY,
    OperationsModule,
    ...WORKER_FEATURES,
  ],
})
export class WorkerModule {}
