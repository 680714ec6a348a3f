import { Module } from '@nestjs/common';
import { NotificationModule } from '@goodpay/notification';
import { AppConfig } from '@goodpay/platform';
import { AuthModule } from '../auth/auth.module';
import { notificationOptionsFrom } from '../every-process';
import { MeNotificationsController } from './me-notifications.controller';
import { MessagesController } from './messages.controller';
import { NotificationsController } from './notifications.controller';
import { ReceiptSecretCheck } from './receipt-secret.check';

/**
 * Notifications over HTTP: the caller's contact details and preferences, staff's failed list
 * and resend, providers' delivery receipts. Needs the global PersonalDataModule.
 */
@Module({
  imports: [AuthModule, NotificationModule.forRootAsync({ inject: [AppConfig], useFactory: notificationOptionsFrom })],
  controllers: [MeNotificationsController, NotificationsController, MessagesController],
  providers: [ReceiptSecretCheck],
})
export class NotificationsHttpModule {}
