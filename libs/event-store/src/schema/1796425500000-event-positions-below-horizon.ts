import type { MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_POSITIONS_IN_ONE_QUERY, EVENT_POSITIONS_SIGNATURE } from './1796425400000-event-positions-in-one-query';

/**
 * `event_positions_after` stops at the horizon inside the index, not after it.
 *
 * Why: the horizon was a filter (`horizon IS NULL OR transaction_id < horizon`), applied to each
 * index entry after its visibility check. While an import of a million events is being
 * committed, each of its entries lies after every checkpoint and is invisible, so a walk that
 * found nothing of its types below the horizon read every one of them first (the idle pass's
 * probes: 0.5-1 s a pass, holding every consumer's lock, during the whole import and the first
 * seconds after it). As the upper bound of the index range, `(type, transaction_id) < (wanted,
 * horizon)`, the walk ends where the horizon starts. With no horizon the bound is the largest
 * xid8, which every transaction is below: the same walk as before (consumer_next_batch walks
 * past the horizon on purpose, to see what is hidden there).
 *
 * Measured on the catch-up's database with 300,000 events of an open transaction in the log:
 * a two-type probe of one event below the horizon, 316 -> 60 ms.
 */
export class EventPositionsBelowHorizon1796425500000 implements MigrationInterface {
  name = 'EventPositionsBelowHorizon1796425500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ${EVENT_POSITIONS_SIGNATURE}
      AS $$
      BEGIN
        RETURN QUERY
          SELECT p.transaction_id, p.global_position
          FROM unnest(types) AS w(wanted)
          CROSS JOIN LATERAL (
            SELECT e.transaction_id, e.global_position FROM events e
            WHERE (e.type, e.transaction_id, e.global_position) > (w.wanted, after_transaction_id, after_position)
              AND (e.type, e.transaction_id) < (w.wanted, coalesce(horizon, '18446744073709551615'::xid8))
            ORDER BY e.type, e.transaction_id, e.global_position
            LIMIT max_rows
          ) p;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(EVENT_POSITIONS_IN_ONE_QUERY);
  }
}
