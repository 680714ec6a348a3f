import { Module, type ModuleMetadata } from '@nestjs/common';
import { EventStoreModule, PROJECTION_QUEUE } from '@goodpay/event-store';
import { NOTIFICATION_QUEUE } from '@goodpay/notification';
import { RAFFLE_DRAW_QUEUE, RAFFLE_FREEZE_QUEUE, RAFFLE_SWEEP_QUEUE } from '@goodpay/raffle';
import { SETTLEMENT_QUEUE } from '@goodpay/settlement';
import { EXPIRY_SWEEP_QUEUE, GATEWAY_REFUND_QUEUE } from '@goodpay/prepayment';
import { OperationsModule, PlatformModule } from '@goodpay/platform';
import { AuthModule } from './auth/auth.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { API_MIGRATIONS, PERSONAL_DATA_VAULT, VERIFIED_IDENTITY } from './every-process';
import { PrepaymentsHttpModule } from './prepayments/prepayments-http.module';
import { CampaignsHttpModule } from './campaigns/campaigns-http.module';
import { MerchantsHttpModule } from './merchants/merchants-http.module';
import { ParticipantsHttpModule } from './participants/participants-http.module';
import { QueueBoardModule } from './queue-board/queue-board.module';
import { ConsoleModule } from './console/console.module';
import { RaffleHttpModule } from './raffle/raffle-http.module';
import { NotificationsHttpModule } from './notifications/notifications-http.module';
import { SettlementHttpModule } from './settlement/settlement-http.module';
import { DonationsHttpModule } from './donations/donations-http.module';
import { IdentityHttpModule } from './identity/identity-http.module';
import { OfficeExportsHttpModule } from './office-exports/office-exports-http.module';
import { OFFICE_EXPORT_QUEUE } from '@goodpay/office-export';

export { API_MIGRATIONS } from './every-process';

export type ModuleImports = NonNullable<ModuleMetadata['imports']>;

/**
 * The HTTP side of each feature: controllers and the command/query handlers they dispatch to.
 * Registered once here; the standalone process reuses this module as is.
 */
export const API_FEATURES: ModuleImports = [
  EventStoreModule,
  AuthModule,
  RateLimitModule,
  PrepaymentsHttpModule,
  CampaignsHttpModule,
  MerchantsHttpModule,
  ParticipantsHttpModule,
  RaffleHttpModule,
  SettlementHttpModule,
  DonationsHttpModule,
  NotificationsHttpModule,
  IdentityHttpModule,
  OfficeExportsHttpModule,
];

/** BullMQ queues shown on the Bull Board at /admin/queues. */
export const API_BOARD_QUEUES: string[] = [
  PROJECTION_QUEUE,
  RAFFLE_DRAW_QUEUE,
  RAFFLE_FREEZE_QUEUE,
  RAFFLE_SWEEP_QUEUE,
  SETTLEMENT_QUEUE,
  NOTIFICATION_QUEUE,
  GATEWAY_REFUND_QUEUE,
  EXPIRY_SWEEP_QUEUE,
  OFFICE_EXPORT_QUEUE,
];

@Module({
  imports: [
    PlatformModule.forRoot({ migrations: API_MIGRATIONS }),
    PERSONAL_DATA_VAULT,
    VERIFIED_IDENTITY,
    OperationsModule,
    QueueBoardModule.forRoot({ queues: API_BOARD_QUEUES }),
    ConsoleModule,
    ...API_FEATURES,
  ],
})
export class ApiModule {}
