import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import type { NotificationKind } from '../kinds/notification-kinds';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { sendJobId } from '../planning/notification-id';
import { NOTIFICATION_QUEUE, SEND_NOTIFICATION_JOB, type SendNotificationJob, sendJobOptions } from './notification-queue';

const BATCH = 500;

/**
 * Hands due pending notifications to the queue: `notifications` is the outbox, filled by the
 * planner in its checkpoint's transaction; this is the relay from it to BullMQ. A job's id is
 * the notification's (derived from event, recipient and kind) plus its send round, so adding
 * it again while it waits or retries is a no-op. A row is queued again only after
 * `requeueAfterMs`, which repairs jobs lost with Redis without flooding it every tick.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationDispatcher.name);
  private readonly sql: Sql;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    dataSource: DataSource,
    @InjectQueue(NOTIFICATION_QUEUE) private readonly queue: Queue<SendNotificationJob>,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {
    this.sql = sqlOn(dataSource);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.options.dispatchIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Queues every due notification not queued lately; returns how many. One run at a time. */
  dispatchDue(): Promise<number> {
    this.running ??= this.dispatch().finally(() => (this.running = undefined));
    return this.running;
  }

  private async tick(): Promise<void> {
    try {
      await this.dispatchDue();
    } catch (error) {
      this.logger.error(`dispatching notifications failed: ${(error as Error).message}`);
    }
  }

  private async dispatch(): Promise<number> {
    let queued = 0;
    for (;;) {
      const now = this.clock.now();
      const { rows } = await this.sql.query<{ notification_id: string; send_round: number; kind: NotificationKind }>(
        `SELECT notification_id::text, send_round, kind FROM notifications
         WHERE status = 'pending' AND (not_before IS NULL OR not_before <= $1)
           AND (enqueued_at IS NULL OR enqueued_at <= $2)
         ORDER BY planned_at LIMIT ${BATCH}`,
        [now, new Date(now.getTime() - this.options.requeueAfterMs)],
      );
      if (rows.length === 0) return queued;
      await this.queue.addBulk(
        rows.map(({ notification_id, send_round, kind }) => ({
          name: SEND_NOTIFICATION_JOB,
          data: { notificationId: notification_id, round: send_round },
          opts: sendJobOptions(sendJobId(notification_id, send_round), kind, this.options.attempts, this.options.backoffMs),
        })),
      );
      await this.sql.query(`UPDATE notifications SET enqueued_at = $2 WHERE notification_id = ANY($1::uuid[])`, [
        rows.map((row) => row.notification_id),
        now,
      ]);
      queued += rows.length;
      if (rows.length < BATCH) return queued;
    }
  }
}
