import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction, type OutboxJob, recordInOutbox, type Sql, sqlOn } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import { decideDelivery } from '../delivery/delivery-decision';
import type { NotificationKind } from '../kinds/notification-kinds';
import { RecipientDirectory } from '../recipients/recipient-directory';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { sendJobId } from '../planning/notification-id';
import { NOTIFICATION_QUEUE, sendJob } from './notification-queue';
import { NotificationSender, RetryLater, type SendOutcome } from './notification-sender';

/** What a batch's pass ended with: every message tried, or the providers asked us to wait. */
export type BatchOutcome =
  { result: 'done'; tried: number; skipped: number; handedOver: number } | Extract<SendOutcome, { waitMs: number }>;

/** Who records the send jobs of the messages a batch hands over, in the outbox's `consumer` column. */
export const BATCH_HANDOVER = 'notification-batch';

/**
 * Sends a batch of first rounds (see sendBatchJobs): each message still pending, in order,
 * through the one NotificationSender, so a batch decides, composes, limits and records
 * exactly as a message's own job does. Those nobody can or may receive (no contact details,
 * opted out) are decided first, for the whole batch on one read, and skipped in one statement.
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
    private readonly directory: RecipientDirectory,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async send(notificationIds: readonly string[]): Promise<BatchOutcome> {
    const { rows } = await this.sql.query<{ notification_id: string; kind: NotificationKind; event_id: string; recipient_id: string }>(
      `SELECT n.notification_id::text, n.kind, n.event_id::text, n.recipient_id
       FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS b(id, own_job_id, i) JOIN notifications n ON n.notification_id = b.id
       WHERE n.status = 'pending' AND n.send_round = 0
         AND NOT EXISTS (SELECT 1 FROM consumer_outbox o WHERE o.queue = $3 AND o.job_id = b.own_job_id)
       ORDER BY b.i`,
      [notificationIds, notificationIds.map((id) => sendJobId(id, 0)), NOTIFICATION_QUEUE],
    );
    const handedOver: OutboxJob[] = [];
    const handOver = (row: (typeof rows)[number], retry: { attempts: number; backoffMs: number }, delayMs: number) =>
      handedOver.push(sendJob({ notificationId: row.notification_id, round: 0, kind: row.kind, eventId: row.event_id }, retry, delayMs));
    const skipped = await this.skipDecided(rows);
    try {
      for (const row of rows) {
        if (skipped.has(row.notification_id)) continue;
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
      return { result: 'done', tried: rows.length, skipped: skipped.size, handedOver: handedOver.length };
    } finally {
      if (handedOver.length > 0) await inTransaction(this.dataSource, (sql) => recordInOutbox(sql, BATCH_HANDOVER, handedOver));
    }
  }

  /**
   * Skips together the messages nobody can or may receive (no contact details, opted out), read
   * and decided as `send` would one by one: after an import most of a batch may be such, and one
   * by one each cost a lock, five statements and two commits.
   */
  private async skipDecided(rows: readonly { notification_id: string; kind: NotificationKind; recipient_id: string }[]) {
    const facts = await this.directory.deliveryFacts(rows.map((row) => row.recipient_id));
    const now = this.clock.now();
    return this.sender.skipAll(
      rows.flatMap((row) => {
        const { preferences, presence } = facts.get(row.recipient_id)!;
        const decision = decideDelivery(row.kind, preferences, presence, now);
        return decision.action === 'skip' ? [{ notificationId: row.notification_id, reason: decision.reason }] : [];
      }),
    );
  }
}
