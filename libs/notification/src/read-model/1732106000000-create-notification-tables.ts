import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notification context's tables.
 *
 * Recipients (written by the api, last write wins; not events, so contact details never enter
 * the append-only log):
 *   - `notification_contacts`: phone and e-mail sealed with @goodpay/personal-data; only which
 *     of them exist is in clear.
 *   - `notification_preferences`: per-kind opt-outs and the preferred contact.
 * notification-planner projection (its `reset` empties only its facts, never `notifications`):
 *   - `notifications`: one row per (event, recipient, kind), the outbox of the sending pipeline.
 *     Its status moves pending -> sent | skipped | failed; a staff resend moves failed -> pending.
 *   - `notification_prepayment_payers`, `notification_merchant_names`: facts from earlier
 *     events that later ones need (a redemption names no payer).
 * Sending:
 *   - `notification_attempts`: every provider call and its outcome (fallbacks visible).
 *   - `notification_sent_messages`: what the built-in channels "sent": exactly what a provider
 *     would have received, the address masked. Unique per (notification, send round).
 *   - `notification_channel_faults`: failures the built-in channels are told to simulate.
 *   - `notification_delivery_receipts`: providers' delivery reports, each recorded once.
 */
export class CreateNotificationTables1732106000000 implements MigrationInterface {
  name = 'CreateNotificationTables1732106000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_contacts (
        user_id    text PRIMARY KEY,
        sealed     text NOT NULL,
        has_phone  boolean NOT NULL,
        has_email  boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE notification_preferences (
        user_id    text PRIMARY KEY,
        opted_out  text[] NOT NULL DEFAULT '{}',
        preferred  text NOT NULL CHECK (preferred IN ('phone', 'email')),
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE notifications (
        notification_id     uuid PRIMARY KEY,
        event_id            uuid NOT NULL,
        event_type          text NOT NULL,
        event_position      bigint NOT NULL,
        recipient_id        text NOT NULL,
        kind                text NOT NULL,
        template_id         text NOT NULL,
        template_version    integer NOT NULL,
        variables           jsonb NOT NULL,
        status              text NOT NULL CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
        not_before          timestamptz,
        enqueued_at         timestamptz,
        send_round          integer NOT NULL DEFAULT 0,
        attempts            integer NOT NULL DEFAULT 0,
        channel             text,
        message_type        text,
        provider_message_id text UNIQUE,
        sent_at             timestamptz,
        delivery_status     text CHECK (delivery_status IN ('delivered', 'undelivered')),
        delivery_reported_at timestamptz,
        skip_reason         text,
        failure_code        text,
        failure_message     text,
        failed_at           timestamptz,
        resent_by           text,
        planned_at          timestamptz NOT NULL,
        CONSTRAINT notifications_once_per_event_recipient_kind UNIQUE (event_id, recipient_id, kind)
      )`);
    await db.query(`CREATE INDEX notifications_due ON notifications (not_before NULLS FIRST) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX notifications_failed ON notifications (failed_at DESC) WHERE status = 'failed'`);
    await db.query(`CREATE INDEX notifications_recipient ON notifications (recipient_id, planned_at DESC)`);
    await db.query(`
      CREATE TABLE notification_prepayment_payers (
        prepayment_id text PRIMARY KEY,
        payer_id      text NOT NULL,
        merchant_id   text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE notification_merchant_names (
        merchant_id text PRIMARY KEY,
        name        text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE notification_attempts (
        notification_id uuid NOT NULL REFERENCES notifications (notification_id),
        attempt         serial,
        send_round      integer NOT NULL,
        channel         text NOT NULL,
        outcome         text NOT NULL CHECK (outcome IN ('sent', 'temporary_failure', 'permanent_failure', 'refused')),
        error_code      text,
        at              timestamptz NOT NULL,
        PRIMARY KEY (notification_id, attempt)
      )`);
    await db.query(`
      CREATE TABLE notification_sent_messages (
        provider_message_id uuid PRIMARY KEY,
        notification_id     uuid NOT NULL,
        send_round          integer NOT NULL,
        recipient_id        text NOT NULL,
        channel             text NOT NULL,
        message_type        text NOT NULL CHECK (message_type IN ('alimtalk', 'sms', 'lms', 'email')),
        masked_address      text NOT NULL,
        template_code       text NOT NULL,
        title               text,
        body                text NOT NULL,
        sent_at             timestamptz NOT NULL,
        CONSTRAINT notification_sent_once_per_round UNIQUE (notification_id, send_round)
      )`);
    await db.query(`
      CREATE TABLE notification_channel_faults (
        channel   text PRIMARY KEY CHECK (channel IN ('alimtalk', 'sms', 'email')),
        remaining integer NOT NULL CHECK (remaining >= 0),
        kind      text NOT NULL CHECK (kind IN ('temporary', 'permanent'))
      )`);
    await db.query(`
      CREATE TABLE notification_delivery_receipts (
        provider_message_id text NOT NULL,
        status              text NOT NULL CHECK (status IN ('delivered', 'failed')),
        reason              text,
        reported_at         timestamptz NOT NULL,
        received_at         timestamptz NOT NULL,
        PRIMARY KEY (provider_message_id, status)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'notification_delivery_receipts',
      'notification_channel_faults',
      'notification_sent_messages',
      'notification_attempts',
      'notification_merchant_names',
      'notification_prepayment_payers',
      'notifications',
      'notification_preferences',
      'notification_contacts',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
