import { Module, type ModuleMetadata } from '@nestjs/common';
import { ProjectionWorkerModule } from '@goodpay/event-store';
import { CampaignModule } from '@goodpay/campaign';
import { MerchantModule } from '@goodpay/merchant';
import { ParticipantModule } from '@goodpay/participant';
import { GatewayRefundsWorkerModule, PrepaymentReadModule } from '@goodpay/prepayment';
import { DonationReadModule } from '@goodpay/donation';
import { NotificationModule } from '@goodpay/notification';
import { RaffleWorkerModule } from '@goodpay/raffle';
import { SettlementWorkerModule } from '@goodpay/settlement';
import { AppConfig, PlatformModule } from '@goodpay/platform';
// The migrations and the vault every process shares.
import { API_MIGRATIONS, notificationOptionsFrom, paymentGatewayFrom, PERSONAL_DATA_VAULT, settlementOptionsFrom } from '../../api/src/every-process';

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
  GatewayRefundsWorkerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => ({ gateway: paymentGatewayFrom(config) }) }),
  RaffleWorkerModule,
  DonationReadModule,
  SettlementWorkerModule.forRootAsync({ inject: [AppConfig], useFactory: settlementOptionsFrom }),
  NotificationModule.forRootAsync({ worker: true, inject: [AppConfig], useFactory: notificationOptionsFrom }),
];

/**
 * A process without HTTP that runs the processors. Shutting down (SIGTERM/SIGINT) stops taking
 * jobs and waits for the in-flight ones before closing PostgreSQL and Redis (WorkerDrain).
 */
@Module({
  imports: [PlatformModule.forRoot({ migrations: API_MIGRATIONS }), PERSONAL_DATA_VAULT, ...WORKER_FEATURES],
})
export class WorkerModule {}
