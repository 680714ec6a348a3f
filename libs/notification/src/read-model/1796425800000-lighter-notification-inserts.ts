import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two of the six indexes every planned message was written into did nothing for it:
 * - `(event_id, recipient_id, kind)` unique: the notification's id is derived from exactly those
 *   three (notificationIdFor), so the primary key already says "once per event, recipient and
 *   kind", and the planner's ON CONFLICT now names the key;
 * - `provider_message_id` unique: empty until the message is sent, yet indexed at the insert.
 *   A partial unique index holds only the sent ones; receipts look them up the same way.
 * Behind an import every message is an insert, so each index is paid a million times.
 */
export class LighterNotificationInserts1796425800000 implements MigrationInterface {
  name = 'LighterNotificationInserts1796425800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_once_per_event_recipient_kind`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_provider_message_id_key`);
    await db.query(
      `CREATE UNIQUE INDEX notifications_provider_message ON notifications (provider_message_id) WHERE provider_message_id IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX notifications_provider_message`);
    await db.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_provider_message_id_key UNIQUE (provider_message_id)`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_once_per_event_recipient_kind UNIQUE (event_id, recipient_id, kind)`,
    );
  }
}
