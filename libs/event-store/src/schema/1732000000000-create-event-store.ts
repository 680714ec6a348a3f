import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store's tables.
 *
 * - `event_streams` holds each stream's current version: appends lock that one row, so
 *   concurrent writers to one stream serialise there and the expected-version check is exact.
 * - `events` is the log. `transaction_id` (the writer's xid8) with `global_position` gives
 *   the gap-safe global order (see read/read-all.ts).
 * - Triggers refuse UPDATE, DELETE and TRUNCATE on `events` for every role, the owner
 *   included: history is append-only by the database's own rule, not by convention.
 * - `idempotency_keys` remembers each command's first response, written in the same
 *   transaction as its events.
 * - `subscription_checkpoints` is where each projection stands in the global order; it is
 *   updated in the same transaction as the projection's own tables.
 */
export class CreateEventStore1732000000000 implements MigrationInterface {
  name = 'CreateEventStore1732000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE event_streams (
        stream_id   text PRIMARY KEY,
        stream_type text NOT NULL,
        version     integer NOT NULL CHECK (version > 0),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id        uuid NOT NULL UNIQUE,
        stream_id       text NOT NULL,
        stream_version  integer NOT NULL,
        type            text NOT NULL,
        schema_version  smallint NOT NULL,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_id, stream_version)
      )`);
    await db.query(`CREATE INDEX events_global_order ON events (transaction_id, global_position)`);
    await db.query(`
      CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % is refused', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_are_append_only()`);
    await db.query(`
      CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only()`);
    await db.query(`
      CREATE TABLE idempotency_keys (
        scope        text NOT NULL,
        key          text NOT NULL,
        request_hash text NOT NULL,
        response     jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await db.query(`
      CREATE TABLE subscription_checkpoints (
        name                text PRIMARY KEY,
        last_transaction_id xid8 NOT NULL DEFAULT '0',
        last_position       bigint NOT NULL DEFAULT 0,
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE subscription_checkpoints`);
    await db.query(`DROP TABLE idempotency_keys`);
    await db.query(`DROP TABLE events`);
    await db.query(`DROP FUNCTION events_are_append_only`);
    await db.query(`DROP TABLE event_streams`);
  }
}
