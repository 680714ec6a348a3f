import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What was sent, visible (issue 12):
 *   - `sent_title`, `sent_text`: the text as it went out, with the template's personal variables
 *     masked (a prepayment code, a rejection reason): what citizens and staff are shown. The clear
 *     text exists only in memory while the provider is called.
 *   - `masked_address`: where it went (010-****-5678, k***@example.kr).
 *   - `excluded_channels`: channels a round must not use again. A staff resend after a failed
 *     Alimtalk, and the automatic fallback after an undelivered Alimtalk, exclude 'alimtalk'.
 *   - `provider`: which adapter sent it ('recording', 'solapi', 'smtp'): the delivery poller asks
 *     only its own provider.
 *   - `redacted_at`: when the retention sweep replaced the variables with their masked form.
 */
export class AddMessageHistory1796412125637 implements MigrationInterface {
  name = 'AddMessageHistory1796412125637';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE notifications
        ADD COLUMN sent_title text,
        ADD COLUMN sent_text text,
        ADD COLUMN masked_address text,
        ADD COLUMN provider text,
        ADD COLUMN excluded_channels text[] NOT NULL DEFAULT '{}',
        ADD COLUMN redacted_at timestamptz`);
    await db.query(`CREATE INDEX notifications_sent_day ON notifications (planned_at DESC, notification_id)`);
    await db.query(
      `CREATE INDEX notifications_awaiting_report ON notifications (sent_at) WHERE status = 'sent' AND delivery_status IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX notifications_awaiting_report`);
    await db.query(`DROP INDEX notifications_sent_day`);
    await db.query(`
      ALTER TABLE notifications DROP COLUMN sent_title, DROP COLUMN sent_text, DROP COLUMN masked_address,
        DROP COLUMN provider, DROP COLUMN excluded_channels, DROP COLUMN redacted_at`);
  }
}
