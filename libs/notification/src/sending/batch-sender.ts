import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction, type OutboxJob, recordInOutbox, type Sql, sqlOn } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import type { NotificationKind } from '../kinds/notification-kinds';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { sendJobId } from '../planning/notification-id';
import { NOTIFICATION_QUEUE, sendJob } from './notification-queue';
import { NotificationSender, RetryLater, type SendOutcome } from './notification-sender';

/** What a batch's pass ended with: every message tried, or the providers asked us to wait. */
export type BatchOutcome = { result: 'done'; tried: number; handedOver: number } | Extract<SendOutcome, { waitMs: number }>;

interface PendingFirstRound {
  notification_id: string;
  kind: NotificationKind;
  event_id: string;
  recipient_id: string;
}

/** Who records the send jobs of the messages a batch hands over, in the outbox's `consumer` column. */
export const BATCH_HANDOVER = 'notification-batch';

/**
 * Sends a batch of first rounds (see sendBatchJobs): each message still pending, in order,
 * through the one NotificationSender, so a batch decides, composes, limits and records
 * exactly as a message's own job does.
 *
 * What the batch cannot finish in its pass goes on in a send job of its own, recorded in the
 * outbox (so it is never lost): a temporary failure (retried with the configured backoff, for the
 * tries left) and a message deferred to the morning (its job waits until then). A message whose
 * own job is recorded is that job's, and a later pass of the batch leaves it alone. When a
 * provider has no room or is down, the pass stops there and says how long to wait: the job
 * comes back and sends the rest. A batch delivered twice, or run again after a crash, finds the
 * messages sent and sends nothing twice (the sender's lock and its 'pending' check).
 */
@Injectable()
export class BatchSender {
  private readonly sql: Sql;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: NotificationSender,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async send(notificationIds: readonly string[]): Promise<BatchOutcome> {
    const rows = await this.pending(notificationIds);
    const handedOver: OutboxJob[] = [];
    const handOver = (row: PendingFirstRound, retry: { attempts: number; backoffMs: number }, delayMs: number) =>
      handedOver.push(sendJob({ notificationId: row.notification_id, round: 0, kind: row.kind, eventId: row.event_id }, retry, delayMs));
    try {
      for (const row of rows) {
        let outcome: SendOutcome;
        try {
          // The batch is each message's first try: its last only when a message has one try in all.
          outcome = await this.sender.send(row.notification_id, 0, this.options.attempts <= 1);
        } catch (error) {
          if (!(error instanceof RetryLater)) throw error;
          // The tries left after this one (a busy message, on its last, still gets one), after the
          // first backoff; its own retries then wait 2, 4... times it, as if the batch's try were its own.
          const { attempts, backoffMs } = this.options;
          handOver(row, { attempts: Math.max(1, attempts - 1), backoffMs: 2 * backoffMs }, backoffMs);
          continue;
        }
        if (outcome.result === 'rate_limited' || outcome.result === 'provider_paused') return outcome;
        if (outcome.result === 'deferred') {
          handOver(row, this.options, outcome.until.getTime() - this.clock.now().getTime());
        }
      }
      return { result: 'done', tried: rows.length, handedOver: handedOver.length };
    } finally {
      if (handedOver.length > 0) await inTransaction(this.dataSource, (sql) => recordInOutbox(sql, BATCH_HANDOVER, handedOver));
    }
  }

  /**
   * The batch's messages still pending in their first round and not handed over to a job of
   * their own, in the batch's order. Each found by its key (`= ANY` walks the primary key and
   * the outbox's job id index), so that a plan never reads the table around them.
   */
  private async pending(notificationIds: readonly string[]): Promise<PendingFirstRound[]> {
    const ownJobIds = notificationIds.map((id) => sendJobId(id, 0));
    const [{ rows }, { rows: handedOver }] = await Promise.all([
      this.sql.query<PendingFirstRound>(
        `SELECT notification_id::text, kind, event_id::text, recipient_id FROM notifications
         WHERE notification_id = ANY($1::uuid[]) AND status = 'pending' AND send_round = 0`,
        [notificationIds],
      ),
      this.sql.query<{ job_id: string }>(`SELECT job_id FROM consumer_outbox WHERE queue = $1 AND job_id = ANY($2::text[])`, [
        NOTIFICATION_QUEUE,
        ownJobIds,
      ]),
    ]);
    const ownJob = new Set(handedOver.map((row) => row.job_id));
    const byId = new Map(rows.map((row) => [row.notification_id, row]));
    return notificationIds.flatMap((id, i) => {
      const row = byId.get(id);
      return row && !ownJob.has(ownJobIds[i]) ? [row] : [];
    });
  }
}
