import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { NOTIFICATION_QUEUE, POLL_DELIVERIES_JOB, REDACT_EXPIRED_JOB } from './notification-queue';

/**
 * The notification queue's job schedulers, kept in Redis by the process's job-scheduler keeper:
 * delivery polling every `deliveryPollMs`, and the retention sweep every night (03:30 Seoul).
 */
@Injectable()
export class NotificationSchedules {
  constructor(
    @InjectQueue(NOTIFICATION_QUEUE) private readonly queue: Queue,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {}

  jobSchedulers() {
    const opts = { removeOnComplete: 100, removeOnFail: 1_000 };
    return [
      {
        queue: this.queue,
        id: 'notification-delivery-poll',
        repeat: { every: this.options.deliveryPollMs },
        template: { name: POLL_DELIVERIES_JOB, data: {}, opts },
      },
      {
        queue: this.queue,
        id: 'notification-retention',
        repeat: { pattern: '30 3 * * *', tz: 'Asia/Seoul' },
        template: { name: REDACT_EXPIRED_JOB, data: {}, opts },
      },
    ];
  }
}
