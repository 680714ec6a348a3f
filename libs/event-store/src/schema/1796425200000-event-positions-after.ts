import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `event_positions_after`: where a consumer's next events are, one index range per type, with
 * a plan made once per connection.
 *
 * Why a function: a consumer's read was one statement with a branch per type (each type its own
 * parameter, so that each was planned for itself), and PostgreSQL planned all of it again on
 * every batch: 10 to 60 ms of planning for a read that runs in under a millisecond, on every
 * wake-up of every consumer (pg_stat_statements in the bench: planning was most of the
 * worker's database time). Here one statement serves every type, planned generically once per
 * connection (`plan_cache_mode` is set for the function alone, not for the callers' statements).
 *
 * Why this statement is safe to plan once: the row comparison on the leading columns of
 * events_by_type `(type, transaction_id, global_position) > (wanted, checkpoint)` together with
 * `type <= wanted` is exactly "this type, after the checkpoint", and it starts the index scan
 * at the checkpoint whatever the type's frequency or the checkpoint's transaction; the order
 * asked for is that index's own, which no other index gives. So the right plan is the same
 * ordered index range for a rare type, a common one, or the rest of one million-event
 * transaction. And it must stay the plan: a generic plan is kept for the connection's life,
 * and one made while the log (or a new partition) was nearly empty could rather scan and sort
 * it, for ever after. So scans and sorts are off for this statement alone: only the index path
 * is left, whatever the statistics said when it was planned.
 *
 * `horizon` is the caller's `pg_snapshot_xmin`, taken in the caller's statement (a STABLE
 * function reads with the caller's snapshot); NULL asks for every committed event.
 */
export class EventPositionsAfter1796425200000 implements MigrationInterface {
  name = 'EventPositionsAfter1796425200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION event_positions_after(
        after_transaction_id xid8, after_position bigint, max_rows integer, types text[], horizon xid8
      )
      RETURNS TABLE (event_transaction_id xid8, event_position bigint)
      LANGUAGE plpgsql STABLE
      SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off
      SET enable_bitmapscan = off
      SET enable_sort = off
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

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION event_positions_after(xid8, bigint, integer, text[], xid8)`);
  }
}
