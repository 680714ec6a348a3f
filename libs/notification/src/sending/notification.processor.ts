import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import { Clock } from '@goodpay/shared';
import { NOTIFICATION_QUEUE, type SendNotificationJob } from './notification-queue';
import { NotificationSender } from './notification-sender';

/**
 * Runs send jobs. A deferral (quiet hours) or a provider's rate limit moves the job back to
 * waiting without spending an attempt; a RetryLater error spends one and BullMQ retries it
 * with exponential backoff; the sender itself marks a notification failed on its last try.
 */
@Processor(NOTIFICATION_QUEUE, { concurrency: 8 })
export class NotificationProcessor extends WorkerHost {
  constructor(
    private readonly sender: NotificationSender,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job<SendNotificationJob>, token?: string): Promise<string> {
    const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.sender.send(job.data.notificationId, job.data.round, lastTry);
    if (outcome.result === 'deferred' || outcome.result === 'rate_limited') {
      // The application clock may be a test's; BullMQ waits in real time.
      const waitMs = outcome.result === 'deferred' ? outcome.until.getTime() - this.clock.now().getTime() : outcome.waitMs;
      await job.moveToDelayed(Date.now() + Math.max(waitMs, 0), token);
      throw new DelayedError();
    }
    return outcome.result;
  }
}
