import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, type FactoryProvider, type InjectionToken, Module, type ModuleMetadata, type OnModuleInit, type Provider } from '@nestjs/common';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { BuiltInChannels } from './channels/built-in-channels';
import { NOTIFICATION_CHANNELS } from './channels/channel';
import { NOTIFICATION_OPTIONS, type NotificationOptions, resolveNotificationOptions } from './notification-options';
import { NotificationPlannerProjection } from './planning/notification-planner.projection';
import { DeliveryReceipts } from './receipts/delivery-receipts';
import { RECIPIENT_COMMAND_HANDLERS } from './recipients/handlers/recipient-commands';
import { RecipientDirectory } from './recipients/recipient-directory';
import { NotificationDispatcher } from './sending/notification-dispatcher';
import { NOTIFICATION_QUEUE } from './sending/notification-queue';
import { NotificationProcessor } from './sending/notification.processor';
import { NotificationSender } from './sending/notification-sender';
import { ProviderRateLimiter } from './sending/provider-rate-limiter';
import { FailedNotifications } from './staff/failed-notifications';

export interface NotificationModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: FactoryProvider<NotificationOptions>['useFactory'];
  /**
   * The worker side as well: the send processor, the dispatcher and the channels. The api
   * leaves it off; the worker (and the standalone process) turn it on.
   */
  worker?: boolean;
}

const WORKER_PROVIDERS: Provider[] = [
  NotificationProcessor,
  NotificationDispatcher,
  NotificationSender,
  ProviderRateLimiter,
  // The built-in recording channels; a deployment with real providers overrides this token.
  { provide: NOTIFICATION_CHANNELS, useFactory: (builtIn: BuiltInChannels) => builtIn.channels(), inject: [BuiltInChannels] },
];

/**
 * Notifications: recipients' contact details and preferences (commands), the
 * `notification-planner` projection, the failed list and resend, delivery receipts; with
 * `worker: true` also the 'notifications' queue's processor and dispatcher. Needs the app's
 * DataSource, BullMQ connection, CQRS and the global PersonalDataModule.
 */
@Module({})
export class NotificationModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly planner: NotificationPlannerProjection,
  ) {}

  static forRootAsync(options: NotificationModuleAsyncOptions): DynamicModule {
    return {
      module: NotificationModule,
      imports: [EventStoreModule, BullModule.registerQueue({ name: NOTIFICATION_QUEUE }), ...(options.imports ?? [])],
      providers: [
        {
          provide: NOTIFICATION_OPTIONS,
          useFactory: async (...args: unknown[]) => resolveNotificationOptions(await options.useFactory(...args)),
          inject: options.inject ?? [],
        },
        RecipientDirectory,
        ...RECIPIENT_COMMAND_HANDLERS,
        NotificationPlannerProjection,
        FailedNotifications,
        DeliveryReceipts,
        BuiltInChannels,
        ...(options.worker ? WORKER_PROVIDERS : []),
      ],
      exports: [RecipientDirectory, FailedNotifications, DeliveryReceipts, BuiltInChannels, BullModule, ...(options.worker ? [NotificationDispatcher, NotificationSender] : [])],
    };
  }

  onModuleInit(): void {
    // The standalone process may import the api's and the worker's instance of this module.
    if (!this.subscriptions.names().includes(this.planner.name)) this.subscriptions.register(this.planner);
  }
}
