import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { templateFor } from '../templates/catalogue';
import { maskedVariables } from '../templates/masking';

const BATCH = 500;

/**
 * Messages keep no plain personal data after the retention period: a message planned more than
 * `retentionDays` ago keeps its variables only masked (a resend is no longer possible then), and
 * the recording channels' copy keeps only the masked text. Addresses were never kept in clear;
 * the contact itself stays sealed in the vault until the person changes or erases it.
 */
@Injectable()
export class MessageRetention {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {}

  /** Masks every expired message; returns how many. */
  async redactExpired(): Promise<number> {
    const now = this.clock.now();
    const before = new Date(now.getTime() - this.options.retentionDays * 24 * 60 * 60_000);
    let redacted = 0;
    for (;;) {
      const done = await inTransaction(this.dataSource, async (sql) => {
        const { rows } = await sql.query<{
          notification_id: string;
          template_id: string;
          template_version: number;
          variables: Record<string, string>;
        }>(
          `SELECT notification_id::text, template_id, template_version, variables FROM notifications
           WHERE planned_at < $1 AND redacted_at IS NULL AND status <> 'pending'
           ORDER BY planned_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [before],
        );
        for (const row of rows) {
          const masked = maskedVariables(templateFor(row.template_id, row.template_version), row.variables);
          await sql.query(`UPDATE notifications SET variables = $2, redacted_at = $3 WHERE notification_id = $1`, [
            row.notification_id,
            JSON.stringify(masked),
            now,
          ]);
          await sql.query(
            `UPDATE notification_sent_messages m SET body = coalesce(n.sent_text, m.body), title = coalesce(n.sent_title, m.title)
             FROM notifications n WHERE n.notification_id = m.notification_id AND m.notification_id = $1`,
            [row.notification_id],
          );
        }
        return rows.length;
      });
      redacted += done;
      if (done < BATCH) return redacted;
    }
  }
}
