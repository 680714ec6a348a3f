import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events table becomes partitioned by global position range (native partitioning), so the
 * log grows in pieces that are indexed, vacuumed and stored one by one.
 *
 * - **Existing logs**: the old table is not copied. It is renamed `events_legacy`, its identity
 *   dropped (the new table's identity continues after its last position) and it is attached as
 *   the first partition, below the first new position: one scan to check the range, no rewrite.
 *   An empty old table (a fresh database) is dropped instead.
 * - **Partitions ahead**: `ensure_event_partitions()` creates the partitions that the next
 *   `ahead` × `size` positions will need (`event_partitioning` holds size, lead and the upper
 *   bound reached). The migration calls it, and every worker calls it on start and every
 *   minute (EventPartitionKeeper). A new partition is made as a plain table, given its indexes
 *   and its TRUNCATE trigger while empty, then ATTACHed, which locks the parent only in SHARE
 *   UPDATE EXCLUSIVE mode: appends and reads go on meanwhile.
 * - **Append-only, unchanged**: the row trigger refusing UPDATE and DELETE is on the parent and
 *   PostgreSQL clones it onto every partition. A TRUNCATE trigger is not inherited, so each
 *   partition gets its own, as well as the parent.
 * - **Uniqueness**: a unique constraint of a partitioned table must include the partition key,
 *   so (stream_id, stream_version) and event_id are unique per partition (an index on each),
 *   not across them. Stream versions stay unique across the whole log as before: every append
 *   advances the stream's `event_streams` row under the stream's lock and numbers its events
 *   after it (append_to_streams, appendToStream), so no two appends can take the same version;
 *   the per-partition index remains a backstop. Event ids are random UUIDs.
 * - **Reading, unchanged**: the gap-safe order (transaction id, position) and the horizon are
 *   the same queries on the parent; PostgreSQL merges the partitions' ordered index scans.
 */
export class PartitionEvents1796423588392 implements MigrationInterface {
  name = 'PartitionEvents1796423588392';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`LOCK TABLE events IN ACCESS EXCLUSIVE MODE`);
    const [{ last, rows }] = (await db.query(
      `SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('events', 'global_position')::regclass), 0)::text AS last,
              EXISTS (SELECT 1 FROM events) AS rows`,
    )) as { last: string; rows: boolean }[];
    // Names the new table's objects take: the old ones step aside.
    await db.query(`ALTER TABLE events RENAME TO events_legacy`);
    await db.query(`ALTER INDEX events_pkey RENAME TO events_legacy_pkey`);
    await db.query(`ALTER INDEX events_event_id_key RENAME TO events_legacy_event_id_key`);
    await db.query(`ALTER INDEX events_stream_id_stream_version_key RENAME TO events_legacy_stream_id_stream_version_key`);
    await db.query(`ALTER INDEX events_global_order RENAME TO events_legacy_global_order`);
    await db.query(`ALTER INDEX events_by_type RENAME TO events_legacy_by_type`);
    await db.query(`ALTER TABLE events_legacy ALTER COLUMN global_position DROP IDENTITY`);

    await db.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id        uuid NOT NULL,
        stream_id       text NOT NULL,
        stream_version  integer NOT NULL,
        type            text NOT NULL,
        schema_version  smallint NOT NULL,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (global_position)
      ) PARTITION BY RANGE (global_position)`);
    const first = BigInt(last) + 1n;
    if (first > 1n) await db.query(`SELECT setval(pg_get_serial_sequence('events', 'global_position'), ${last})`);
    await db.query(`CREATE INDEX events_global_order ON events (transaction_id, global_position)`);
    await db.query(`CREATE INDEX events_by_type ON events (type, transaction_id, global_position)`);
    await db.query(`
      CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_are_append_only()`);
    await db.query(`
      CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only()`);

    if (rows) {
      // The parent's row trigger is cloned onto it when attached; its own would clash by name.
      // Both refuse the same; it is never without one (the table is locked until the commit).
      await db.query(`DROP TRIGGER events_refuse_update_delete ON events_legacy`);
      await db.query(`ALTER TABLE events ATTACH PARTITION events_legacy FOR VALUES FROM (MINVALUE) TO (${first})`);
    } else {
      await db.query(`DROP TABLE events_legacy`);
    }

    await db.query(`
      CREATE TABLE event_partitioning (
        one   boolean PRIMARY KEY DEFAULT true CHECK (one),
        size  bigint NOT NULL CHECK (size > 0),
        ahead integer NOT NULL CHECK (ahead > 0),
        upper bigint NOT NULL
      )`);
    await db.query(`INSERT INTO event_partitioning (size, ahead, upper) VALUES (10000000, 2, $1)`, [first.toString()]);
    await db.query(`
      CREATE FUNCTION ensure_event_partitions() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        plan record;
        needed bigint;
        made integer := 0;
        part text;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('ensure_event_partitions', 0));
        SELECT size, ahead, upper INTO plan FROM event_partitioning FOR UPDATE;
        needed := coalesce(pg_sequence_last_value(pg_get_serial_sequence('events', 'global_position')::regclass), 0)
                  + plan.size * plan.ahead;
        WHILE plan.upper <= needed LOOP
          part := format('events_p%s', lpad(plan.upper::text, 19, '0'));
          EXECUTE format('CREATE TABLE %I (LIKE events)', part);
          EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (global_position >= %s AND global_position < %s)',
                         part, part || '_range', plan.upper, plan.upper + plan.size);
          EXECUTE format('CREATE UNIQUE INDEX %I ON %I (stream_id, stream_version)', part || '_stream_version', part);
          EXECUTE format('CREATE UNIQUE INDEX %I ON %I (event_id)', part || '_event_id', part);
          EXECUTE format('CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON %I
                          FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only()', part);
          EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)',
                         part, plan.upper, plan.upper + plan.size);
          plan.upper := plan.upper + plan.size;
          made := made + 1;
        END LOOP;
        UPDATE event_partitioning SET upper = plan.upper;
        RETURN made;
      END $$`);
    await db.query(`SELECT ensure_event_partitions()`);
  }

  async down(): Promise<void> {
    // Going back would mean copying the whole log into one table again: done by hand if ever.
    throw new Error('PartitionEvents1796423588392 is not reversed automatically: the log would be copied back into one table');
  }
}
