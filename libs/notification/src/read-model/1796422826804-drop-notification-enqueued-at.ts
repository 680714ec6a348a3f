import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Send jobs now go through the consumers' outbox (consumer_outbox), recorded in the same
 * transaction as the notification's round: the notifications table no longer tracks when a row
 * was handed to the queue.
 */
export class DropNotificationEnqueuedAt1796422826804 implements MigrationInterface {
  name = 'DropNotificationEnqueuedAt1796422826804';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications DROP COLUMN enqueued_at`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications ADD COLUMN enqueued_at timestamptz`);
  }
}
