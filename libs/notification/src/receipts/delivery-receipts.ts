import { timingSafeEqual, createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction, recordInOutbox, type Sql } from '@goodpay/event-store';
import { Clock, UnauthenticatedError } from '@goodpay/shared';
import type { NotificationKind } from '../kinds/notification-kinds';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { sendJob } from '../sending/notification-queue';

export const RECEIPT_STATUSES = ['delivered', 'failed'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

export interface DeliveryReceipt {
  providerMessageId: string;
  status: ReceiptStatus;
  /** The provider's reason for a failure (e.g. 'unreachable'). */
  reason?: string;
  /** When the provider saw it happen. */
  reportedAt: string;
}

/** Whether the receipt named a message we sent (a provider's late or stray receipts are acknowledged too). */
export interface ReceiptOutcome {
  matched: boolean;
  duplicate: boolean;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Providers' delivery receipts. Each receipt is recorded once (a provider retrying its
 * callback changes nothing); 'delivered' marks the notification delivered; 'failed' of an
 * Alimtalk falls back to SMS/LMS, of anything else marks it undelivered and puts it in the
 * failed list, where staff can resend it. Unknown message ids
 * are acknowledged (matched: false) so the provider stops retrying them.
 */
@Injectable()
export class DeliveryReceipts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {}

  /** Constant-time check of the shared secret header. */
  authenticate(secret: string | undefined): void {
    if (typeof secret !== 'string' || !timingSafeEqual(digest(secret), digest(this.options.receiptSecret))) {
      throw new UnauthenticatedError('a delivery receipt needs the provider secret in the X-Receipt-Secret header');
    }
  }

  record(receipt: DeliveryReceipt): Promise<ReceiptOutcome> {
    return inTransaction(this.dataSource, async (sql) => {
      const now = this.clock.now();
      const inserted = await sql.query(
        `INSERT INTO notification_delivery_receipts (provider_message_id, status, reason, reported_at, received_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
        [receipt.providerMessageId, receipt.status, receipt.reason ?? null, receipt.reportedAt, now],
      );
      const duplicate = inserted.rows.length === 0;
      const { rowCount } =
        receipt.status === 'delivered'
          ? await sql.query(
              `UPDATE notifications SET delivery_status = 'delivered', delivery_reported_at = $2
               WHERE provider_message_id = $1 AND status = 'sent'`,
              [receipt.providerMessageId, receipt.reportedAt],
            )
          : await this.undelivered(sql, receipt, now);
      return { matched: rowCount > 0 || (await this.known(sql, receipt.providerMessageId)), duplicate };
    });
  }

  /**
   * An undelivered Alimtalk (not a KakaoTalk user, blocked the channel) falls back at once: a new
   * send round that excludes Alimtalk, its send job in the outbox in the same transaction, which
   * sends the same template's text as SMS/LMS. Anything else undelivered joins the failed list.
   */
  private async undelivered(sql: Sql, receipt: DeliveryReceipt, now: Date): Promise<{ rowCount: number }> {
    const fellBack = await sql.query<{ notification_id: string; send_round: number; kind: NotificationKind; event_id: string }>(
      `UPDATE notifications SET status = 'pending', send_round = send_round + 1, attempts = 0, not_before = NULL,
         excluded_channels = array_append(excluded_channels, 'alimtalk'), channel = NULL, message_type = NULL,
         provider_message_id = NULL, sent_at = NULL, failure_code = 'undelivered', failure_message = $2
       WHERE provider_message_id = $1 AND status = 'sent' AND channel = 'alimtalk'
       RETURNING notification_id::text, send_round, kind, event_id::text`,
      [receipt.providerMessageId, receipt.reason ?? null],
    );
    const jobs = fellBack.rows.map((row) =>
      sendJob({ notificationId: row.notification_id, round: row.send_round, kind: row.kind, eventId: row.event_id }, this.options),
    );
    await recordInOutbox(sql, 'notification-fallback', jobs);
    if (fellBack.rowCount > 0) return fellBack;
    return sql.query(
      `UPDATE notifications SET delivery_status = 'undelivered', delivery_reported_at = $2,
         status = 'failed', failure_code = 'undelivered', failure_message = $3, failed_at = $4
       WHERE provider_message_id = $1 AND status = 'sent'`,
      [receipt.providerMessageId, receipt.reportedAt, receipt.reason ?? null, now],
    );
  }

  private async known(sql: Sql, providerMessageId: string): Promise<boolean> {
    const { rows } = await sql.query(`SELECT 1 FROM notifications WHERE provider_message_id = $1`, [providerMessageId]);
    return rows.length > 0;
  }
}
