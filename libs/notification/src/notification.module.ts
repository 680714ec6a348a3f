import { BullModule } from '@nestjs/bullmq';
import {
  type DynamicModule,
  type FactoryProvider,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { BuiltInChannels } from './channels/built-in-channels';
import { NOTIFICATION_CHANNELS, type NotificationChannels } from './channels/channel';
import { smtpEmailChannel } from './channels/smtp/smtp-email-channel';
import { solapiChannels } from './channels/solapi/solapi-channels';
import { MessageHistory } from './history/message-history';
import { DeliveryPoller } from './receipts/delivery-poller';
import { MessageRetention } from './retention/message-retention';
import { NotificationSchedules } from './sending/notification-schedules';
import {
  NOTIFICATION_OPTIONS,
  type NotificationOptions,
  type ResolvedNotificationOptions,
  resolveNotificationOptions,
} from './notification-options';
import { NotificationPlanner } from './planning/notification-planner';
import { DeliveryReceipts } from './receipts/delivery-receipts';
import { RECIPIENT_COMMAND_HANDLERS } from './recipients/handlers/recipient-commands';
import { RecipientDirectory } from './recipients/recipient-directory';
import { NOTIFICATION_QUEUE } from './sending/notification-queue';
import { NotificationProcessor } from './sending/notification.processor';
import { BatchSender } from './sending/batch-sender';
import { NotificationSender } from './sending/notification-sender';
import { ProviderRateLimiter } from './sending/provider-rate-limiter';
import { FailedNotifications } from './staff/failed-notifications';

export interface NotificationModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: FactoryProvider<NotificationOptions>['useFactory'];
  /**
   * The worker side as well: the send processor and the channels. The api
   * leaves it off; the worker (and the standalone process) turn it on.
   */
  worker?: boolean;
}

/**
 * The channels by configuration: Alimtalk and SMS/LMS through Solapi or recorded; e-mail over
 * SMTP when configured, else recorded. (A test may still override the token.)
 */
export function configuredChannels(options: ResolvedNotificationOptions, builtIn: BuiltInChannels): NotificationChannels {
  const recorded = builtIn.channels();
  const phone = options.messages.provider === 'solapi' ? solapiChannels(options.messages.solapi) : recorded;
  return { alimtalk: phone.alimtalk, sms: phone.sms, email: options.smtp ? smtpEmailChannel(options.smtp) : recorded.email };
}

const WORKER_PROVIDERS: Provider[] = [
  NotificationProcessor,
  NotificationSender,
  BatchSender,
  ProviderRateLimiter,
  DeliveryPoller,
  MessageRetention,
  NotificationSchedules,
  { provide: NOTIFICATION_CHANNELS, useFactory: configuredChannels, inject: [NOTIFICATION_OPTIONS, BuiltInChannels] },
];

/**
 * Notifications: recipients' contact details and preferences (commands), the
 * `notification-planner` reactor, the message history, the failed list and resend, delivery
 * receipts; with `worker: true` also the 'notifications' queue's processor, delivery
 * poller, retention sweep and the channels (Solapi, SMTP or the recording ones). Needs the app's
 * DataSource, BullMQ connection, CQRS and the global PersonalDataModule.
 */
@Module({})
export class NotificationModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly planner: NotificationPlanner,
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
        NotificationPlanner,
        FailedNotifications,
        MessageHistory,
        DeliveryReceipts,
        BuiltInChannels,
        ...(options.worker ? WORKER_PROVIDERS : []),
      ],
      exports: [
        RecipientDirectory,
        FailedNotifications,
        MessageHistory,
        DeliveryReceipts,
        BuiltInChannels,
        BullModule,
        ...(options.worker ? [NotificationSender, DeliveryPoller, MessageRetention, NOTIFICATION_CHANNELS] : []),
      ],
    };
  }

  onModuleInit(): void {
    // The standalone process may import the api's and the worker's instance of this module.
    if (!this.subscriptions.names().includes(this.planner.name)) this.subscriptions.register(this.planner);
  }
}
