import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The function's signature and options: planned once per connection, only the index path left
 * (see 1796425200000), and nested loops on whatever the caller set: the plan is kept for the
 * connection, and one made inside the rebuild's bulk (which turns nested loops off) made every
 * later walk of the types slow (a rebuild of 50,000 events at 21,000 instead of 60,000 /s).
 */
export const EVENT_POSITIONS_SIGNATURE = `CREATE OR REPLACE FUNCTION event_positions_after(
        after_transaction_id xid8, after_position bigint, max_rows integer, types text[], horizon xid8
      )
      RETURNS TABLE (event_transaction_id xid8, event_position bigint)
      LANGUAGE plpgsql STABLE
      SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off
      SET enable_bitmapscan = off
      SET enable_sort = off
      SET enable_nestloop = on`;

/** This migration's version of the function (1796425500000 restores it on the way down). */
export const EVENT_POSITIONS_IN_ONE_QUERY = `
      ${EVENT_POSITIONS_SIGNATURE}
      AS $$
      BEGIN
        RETURN QUERY
          SELECT p.transaction_id, p.global_position
          FROM unnest(types) AS w(wanted)
          CROSS JOIN LATERAL (
            SELECT e.transaction_id, e.global_position FROM events e
            WHERE (e.type, e.transaction_id, e.global_position) > (w.wanted, after_transaction_id, after_position)
              AND e.type <= w.wanted
              AND (horizon IS NULL OR e.transaction_id < horizon)
            ORDER BY e.type, e.transaction_id, e.global_position
            LIMIT max_rows
          ) p;
      END
      $$`;

/**
 * `event_positions_after` walks every type in one query, not one query per type.
 *
 * Why: each `RETURN QUERY` of the loop started an executor of its own, about 20 us a type,
 * where the index probe itself costs a few: the idle pass calls the function for each of twenty
 * consumers (87 types in all), every wake-up. As one query, a LATERAL over the types, each type
 * is a rescan of the same ordered index range `(type, transaction_id, global_position) >
 * (wanted, checkpoint) AND type <= wanted` (the reasons for that form are in 1796425200000):
 * the same rows, the same plan per type. EXPLAIN ANALYZE of the idle pass's statement for
 * twelve consumers, on a bench log: 2.1-2.5 -> 0.8-1.7 ms.
 */
export class EventPositionsInOneQuery1796425400000 implements MigrationInterface {
  name = 'EventPositionsInOneQuery1796425400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(EVENT_POSITIONS_IN_ONE_QUERY);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ${EVENT_POSITIONS_SIGNATURE}
      AS $$
      DECLARE
        wanted text;
      BEGIN
        FOREACH wanted IN ARRAY types LOOP
          RETURN QUERY
            SELECT e.transaction_id, e.global_position FROM events e
            WHERE (e.type, e.transaction_id, e.global_position) > (wanted, after_transaction_id, after_position)
              AND e.type <= wanted
              AND (horizon IS NULL OR e.transaction_id < horizon)
            ORDER BY e.type, e.transaction_id, e.global_position
            LIMIT max_rows;
        END LOOP;
      END
      $$`);
  }
}
