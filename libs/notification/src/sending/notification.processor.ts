import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job, type Queue, Worker } from 'bullmq';
import { Clock } from '@goodpay/shared';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { DeliveryPoller } from '../receipts/delivery-poller';
import { MessageRetention } from '../retention/message-retention';
import { NOTIFICATION_QUEUE, POLL_DELIVERIES_JOB, REDACT_EXPIRED_JOB, type SendNotificationJob } from './notification-queue';
import { NotificationSender } from './notification-sender';

/**
 * Runs the notification queue's jobs. A send's deferral (quiet hours) or a provider's per-second
 * budget moves that job back to delayed without spending an attempt; a RetryLater error spends
 * one and BullMQ retries it with exponential backoff; the sender itself marks a notification
 * failed on its last try. A provider that is down or throttling (429) stops the whole queue for
 * a while (BullMQ's rate limiter, shared by every worker through Redis): the job goes back to
 * waiting, unspent, and when the queue moves again the waiting jobs run in order of priority.
 * Also runs the two scheduled jobs: delivery polling and the retention sweep.
 *
 * The queue starts at most `sendRatePerSecond` jobs a second (BullMQ's limiter, across every
 * worker): by default what all providers together accept, so the queue never asks more of the
 * database than the messages could go out at. After an import of a million events, a million
 * sends wait in Redis at no cost instead of running eight at a time against the database the
 * consumers are catching up on (each send is a handful of statements, even one it skips).
 */
@Processor(NOTIFICATION_QUEUE, { concurrency: 8 })
export class NotificationProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly sender: NotificationSender,
    private readonly poller: DeliveryPoller,
    private readonly retention: MessageRetention,
    private readonly clock: Clock,
    @InjectQueue(NOTIFICATION_QUEUE) private readonly queue: Queue,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.options.sendConcurrency;
    // Both read by the worker at each fetch, so they hold from the next job on.
    this.worker.opts.limiter = { max: this.options.sendRatePerSecond, duration: 1000 };
  }

  async process(job: Job, token?: string): Promise<unknown> {
    if (job.name === POLL_DELIVERIES_JOB) return this.poller.pollOnce();
    if (job.name === REDACT_EXPIRED_JOB) return this.retention.redactExpired();
    return this.send(job as Job<SendNotificationJob>, token);
  }

  private async send(job: Job<SendNotificationJob>, token?: string): Promise<string> {
    const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.sender.send(job.data.notificationId, job.data.round, lastTry);
    if (outcome.result === 'provider_paused') {
      await this.queue.rateLimit(Math.max(outcome.waitMs, 1));
      throw Worker.RateLimitError();
    }
    if (outcome.result === 'deferred' || outcome.result === 'rate_limited') {
      // The application clock may be a test's; BullMQ waits in real time.
      const waitMs = outcome.result === 'deferred' ? outcome.until.getTime() - this.clock.now().getTime() : outcome.waitMs;
      await job.moveToDelayed(Date.now() + Math.max(waitMs, 0), token);
      throw new DelayedError();
    }
    return outcome.result;
  }
}
