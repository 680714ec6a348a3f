import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction, recordInOutbox, type Sql, sqlOn } from '@goodpay/event-store';
import { type Actor, NotFoundError, RuleViolationError } from '@goodpay/shared';
import type { NotificationKind } from '../kinds/notification-kinds';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { sendJob } from '../sending/notification-queue';

/** A notification in the failed list: ids and reasons, never an address. */
export interface FailedNotification {
  notificationId: string;
  kind: string;
  recipientId: string;
  eventType: string;
  eventId: string;
  attempts: number;
  sendRound: number;
  lastChannel: string | null;
  failureCode: string;
  failureMessage: string | null;
  failedAt: string;
}

export interface FailedPage {
  items: FailedNotification[];
  total: number;
  limit: number;
  offset: number;
}

export class NotificationNotFailedError extends RuleViolationError {
  constructor(notificationId: string, status: string) {
    super('notification_not_failed', `notification ${notificationId} is ${status}; only a failed one can be resent`, {
      notificationId,
      status,
    });
  }
}

/**
 * What staff see of notifications that could not be delivered, and the resend: a failed
 * notification goes back to pending in a new send round (a new job id, a new send key), its send job
 * recorded in the outbox with it, through the fallback channel when its Alimtalk failed (an undelivered
 * Alimtalk fell back already: see DeliveryReceipts). Who resent it is kept on the row (staff actions are audited).
 */
@Injectable()
export class FailedNotifications {
  private readonly sql: Sql;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async list(limit = 50, offset = 0): Promise<FailedPage> {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT n.notification_id::text, n.kind, n.recipient_id, n.event_type, n.event_id::text, n.attempts, n.send_round,
              n.failure_code, n.failure_message, n.failed_at,
              (SELECT a.channel FROM notification_attempts a WHERE a.notification_id = n.notification_id
               ORDER BY a.attempt DESC LIMIT 1) AS last_channel,
              count(*) OVER () AS total
       FROM notifications n WHERE n.status = 'failed'
       ORDER BY n.failed_at DESC, n.notification_id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return {
      items: rows.map((row) => ({
        notificationId: String(row.notification_id),
        kind: String(row.kind),
        recipientId: String(row.recipient_id),
        eventType: String(row.event_type),
        eventId: String(row.event_id),
        attempts: Number(row.attempts),
        sendRound: Number(row.send_round),
        lastChannel: row.last_channel === null ? null : String(row.last_channel),
        failureCode: String(row.failure_code),
        failureMessage: row.failure_message === null ? null : String(row.failure_message),
        failedAt: (row.failed_at as Date).toISOString(),
      })),
      total: rows.length > 0 ? Number(rows[0].total) : 0,
      limit,
      offset,
    };
  }

  async resend(notificationId: string, by: Actor): Promise<{ notificationId: string; sendRound: number }> {
    const round = await inTransaction(this.dataSource, async (sql) => {
      // The resend goes through the fallback: a round whose Alimtalk failed never tries Alimtalk again.
      const { rows } = await sql.query<{ send_round: number; kind: NotificationKind; event_id: string }>(
        `UPDATE notifications n SET status = 'pending', send_round = send_round + 1, attempts = 0, not_before = NULL,
           excluded_channels = CASE
             WHEN 'alimtalk' <> ALL(excluded_channels) AND EXISTS (
               SELECT 1 FROM notification_attempts a WHERE a.notification_id = n.notification_id AND a.send_round = n.send_round
                 AND a.channel = 'alimtalk' AND a.outcome <> 'sent')
             THEN array_append(excluded_channels, 'alimtalk') ELSE excluded_channels END,
           failure_code = NULL, failure_message = NULL, failed_at = NULL, channel = NULL, message_type = NULL,
           provider_message_id = NULL, sent_at = NULL, delivery_status = NULL, delivery_reported_at = NULL,
           resent_by = $2
         WHERE notification_id = $1 AND status = 'failed'
         RETURNING send_round, kind, event_id::text`,
        [notificationId, `${by.role}:${by.id}`],
      );
      if (!rows[0]) return undefined;
      const { send_round, kind, event_id } = rows[0];
      // The new round's job is in the outbox with the row: sent once, even if Redis is away now.
      await recordInOutbox(sql, 'notification-resend', [
        sendJob({ notificationId, round: send_round, kind, eventId: event_id }, this.options),
      ]);
      return send_round;
    });
    if (round === undefined) {
      const { rows: found } = await this.sql.query<{ status: string }>(`SELECT status FROM notifications WHERE notification_id = $1`, [
        notificationId,
      ]);
      if (!found[0]) throw new NotFoundError('notification', notificationId);
      throw new NotificationNotFailedError(notificationId, found[0].status);
    }
    return { notificationId, sendRound: round };
  }
}
