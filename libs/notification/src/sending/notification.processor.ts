import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job, type Queue, Worker } from 'bullmq';
import { Clock } from '@goodpay/shared';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { DeliveryPoller } from '../receipts/delivery-poller';
import { MessageRetention } from '../retention/message-retention';
import { BatchSender, type BatchOutcome } from './batch-sender';
import {
  NOTIFICATION_QUEUE,
  POLL_DELIVERIES_JOB,
  REDACT_EXPIRED_JOB,
  SEND_BATCH_JOB,
  type SendBatchJob,
  type SendNotificationJob,
} from './notification-queue';
import { NotificationSender, type SendOutcome } from './notification-sender';

/**
 * Runs the notification queue's jobs: a send batch (the first round of the messages a planner
 * batch made, see BatchSender) and one message's send round (a retry or a deferral a batch handed
 * over, a fallback, a staff resend). A send's deferral (quiet hours) or a provider's per-second
 * budget moves that job back to delayed without spending an attempt; a RetryLater error spends
 * one and BullMQ retries it with exponential backoff; the sender itself marks a notification
 * failed on its last try. A provider that is down or throttling (429) stops the whole queue for
 * a while (BullMQ's rate limiter, shared by every worker through Redis): the job goes back to
 * waiting, unspent, and when the queue moves again the waiting jobs start in order of priority.
 * Also runs the two scheduled jobs: delivery polling and the retention sweep.
 *
 * Messages go out at what each provider accepts (ProviderRateLimiter): a batch that meets a full
 * second waits, delayed, and sends the rest then. So after an import of a million events the
 * messages wait as rows in PostgreSQL, in two thousand batch jobs, instead of a million jobs in
 * Redis. The queue also starts at most `sendRatePerSecond` jobs a second (BullMQ's limiter,
 * across every worker), which bounds the single sends the same way.
 */
@Processor(NOTIFICATION_QUEUE, { concurrency: 8 })
export class NotificationProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly sender: NotificationSender,
    private readonly batches: BatchSender,
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
    if (job.name === SEND_BATCH_JOB) return this.sendBatch(job as Job<SendBatchJob>, token);
    return this.send(job as Job<SendNotificationJob>, token);
  }

  private async send(job: Job<SendNotificationJob>, token?: string): Promise<string> {
    const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.sender.send(job.data.notificationId, job.data.round, lastTry);
    await this.waitIfAsked(job, outcome, token);
    return outcome.result;
  }

  private async sendBatch(job: Job<SendBatchJob>, token?: string): Promise<string> {
    const outcome = await this.batches.send(job.data.notificationIds);
    await this.waitIfAsked(job, outcome, token);
    // Reached only when done (a wait throws): what the batch's last pass did, for Bull Board.
    const tried = outcome.result === 'done' ? outcome.tried : 0;
    return `${outcome.result}: ${job.data.notificationIds.length} in the batch, ${tried} pending in its last pass`;
  }

  /** Puts the job back when the outcome asks to wait: every sender (provider down), or this job alone. */
  private async waitIfAsked(job: Job, outcome: SendOutcome | BatchOutcome, token?: string): Promise<void> {
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
  }
}
