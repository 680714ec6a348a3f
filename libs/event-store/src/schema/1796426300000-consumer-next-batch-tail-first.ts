import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CONSUMER_NEXT_BATCH_FETCH_PRUNED, replaceOnce } from './1796426100000-consumer-next-batch-fetch-pruned';

/** How many events after the checkpoint, of any type, the first probe reads at most (the live tail). */
export const LIVE_TAIL_EVENTS = 100;

/** The text of `from` in `text` up to and including `to` (which must follow it). */
function slice(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start);
  if (start < 0 || end < 0) throw new Error(`expected ${JSON.stringify(from)} then ${JSON.stringify(to)}`);
  return text.slice(start, end + to.length);
}

/** 1796426100000's checkpoint read and its walk of each type (the walk stays, as the way when the tail is long). */
const CHECKPOINT_READ = slice(CONSUMER_NEXT_BATCH_FETCH_PRUNED, 'SELECT s.last_transaction_id', 'END IF;\n');
const WALK_OF_EACH_TYPE = slice(CONSUMER_NEXT_BATCH_FETCH_PRUNED, 'WITH h AS', ') last ON true;');

/** The checkpoint and the live tail, read by one statement (one snapshot), and the walk of each type only when the tail is long. */
const TAIL_FIRST = `-- The checkpoint and everything after it in the gap-safe order, of every type and on both
        -- sides of the horizon, up to ${LIVE_TAIL_EVENTS + 1} events: one ordered walk of the log. When the
        -- walk ended before that, it holds every event after the checkpoint, so the batch, \`hidden\`
        -- and the last event below the horizon are all read from it.
        WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
        cp AS MATERIALIZED (
          SELECT coalesce(s.last_transaction_id, '0'::xid8) AS tx, coalesce(s.last_position, 0) AS pos
          FROM (SELECT 1) one LEFT JOIN subscription_checkpoints s ON s.name = p_name
        ),
        tail AS MATERIALIZED (
          SELECT t.tx, t.pos, t.mine
          FROM cp CROSS JOIN LATERAL (
            SELECT e.transaction_id AS tx, e.global_position AS pos, e.type = ANY (p_types) AS mine FROM events e
            WHERE (e.transaction_id, e.global_position) > (cp.tx, cp.pos)
            ORDER BY e.transaction_id, e.global_position
            LIMIT ${LIVE_TAIL_EVENTS + 1}
          ) t
        ),
        batch AS MATERIALIZED (
          SELECT t.tx, t.pos FROM tail t, h WHERE t.mine AND t.tx < h.xmin ORDER BY 1, 2 LIMIT p_max_rows
        )
        SELECT cp.tx, cp.pos, (SELECT count(*)::integer FROM tail),
               CASE WHEN p_with_rows THEN (SELECT array_agg(b.pos) FROM batch b) END,
               (SELECT count(*)::integer FROM batch),
               (SELECT min(b.pos) FROM batch b), (SELECT max(b.pos) FROM batch b),
               top.tx, top.pos,
               EXISTS (SELECT 1 FROM tail t, h WHERE t.mine AND t.tx >= h.xmin),
               last.tx, last.pos
        INTO v_after_tx, v_after_pos, v_tail, v_positions, v_count, v_fetch_from, v_fetch_to,
             v_batch_tx, v_batch_pos, v_hidden, v_last_tx, v_last_pos
        FROM cp, h
        LEFT JOIN LATERAL (SELECT b.tx, b.pos FROM batch b ORDER BY b.tx DESC, b.pos DESC LIMIT 1) top ON true
        LEFT JOIN LATERAL (SELECT t.tx, t.pos FROM tail t WHERE t.tx < h.xmin ORDER BY t.tx DESC, t.pos DESC LIMIT 1) last ON true;

        -- A longer tail (a consumer behind, or many events committed beyond the horizon) that
        -- did not hold a full batch either: each type's own index range, as before, in a
        -- statement (and a snapshot) of its own. (A full batch from the tail's first events is
        -- exact: the order puts every event below the horizon before any beyond it.)
        IF v_tail > ${LIVE_TAIL_EVENTS} AND v_count < p_max_rows THEN
        ${WALK_OF_EACH_TYPE}
          SELECT min(x), max(x) INTO v_fetch_from, v_fetch_to FROM unnest(v_positions) AS x;
        END IF;`;

/** The function as this migration makes it. */
export const CONSUMER_NEXT_BATCH_TAIL_FIRST = [
  (text: string) => replaceOnce(text, 'v_passed_pos bigint;', 'v_passed_pos bigint;\n        v_tail integer;'),
  // The fetch's bounds now come with the batch (from the tail, or computed after the walk of each type).
  (text: string) => replaceOnce(text, '\n          SELECT min(x), max(x) INTO v_fetch_from, v_fetch_to FROM unnest(v_positions) AS x;', ''),
  (text: string) => replaceOnce(text, `${CHECKPOINT_READ}\n        ${WALK_OF_EACH_TYPE}`, TAIL_FIRST),
  // An empty batch has nothing to fetch: the statement is not run (its executor still started on every partition).
  (text: string) => replaceOnce(text, 'IF p_with_rows THEN', 'IF p_with_rows AND v_count > 0 THEN'),
].reduce((text, edit) => edit(text), CONSUMER_NEXT_BATCH_FETCH_PRUNED);

/**
 * `consumer_next_batch` reads a live consumer's batch from one ordered walk of the log's tail
 * after its checkpoint, and walks each of its types' index ranges only when that tail is long.
 *
 * Why: under the command load a consumer is woken at the end of the log, a few dozen events
 * behind, and its batch was found by walking each of its types' index ranges (9 to 16 types),
 * each a merged walk of every partition of the log, empty ones ahead included, then the top of
 * the order index for the last event below the horizon: on a log of ten partitions, 16 types x
 * 10 partitions = 160 index descents and 346 buffer hits to find ten events (EXPLAIN ANALYZE,
 * 0.46 ms of the statement's 0.6). The tail after the checkpoint in the gap-safe order
 * `(transaction_id, global_position)` is short there, whatever the types: read at most
 * 101 of its events in one merged walk of the order index (each event's
 * type from its row), and when the walk ended before that, the tail is every event after the
 * checkpoint, on both sides of the horizon, so that:
 * - the batch is its first `max_rows` events of the consumer's types below the horizon, in the
 *   gap-safe order: exactly what the walks of each type found;
 * - `hidden` is whether an event of its types lies in it at or beyond the horizon: exact, a full
 *   batch's too;
 * - the last event below the horizon, whatever its type, is its last one below the horizon
 *   (none there: none after the checkpoint, which then stays).
 * The checkpoint is read by that same statement (after the lock, as before: its snapshot is
 * taken after the lock was granted), so the horizon, the checkpoint, the batch, `hidden` and the
 * last event come from one snapshot. The same statement gives the batch's first and last
 * position for the fetch (a statement less), and an empty batch fetches nothing.
 *
 * When the tail is longer (a consumer behind, a catch-up, a rebuild, an import committed beyond
 * the horizon), its first 101 events are still every event after the
 * checkpoint up to the last of them, and every one below the horizon comes before any beyond it
 * (the order is by transaction first): when they hold `max_rows` events of the consumer's types
 * below the horizon, those are the batch, exactly, and a full batch ends at its last event
 * (`hidden` may then say no where it is yes, as a full batch's always could). Otherwise the walk
 * of each type runs as before (its own statement and snapshot, from the checkpoint read here:
 * the checkpoint cannot move while the lock is held), and the probe has cost its
 * 101 rows: a range projection's catch-up batch of 5,000 read in 6.5-6.7 ms instead of 6.1-6.2.
 *
 * Measured (bench/next-batch-live.ts: ten partitions, the seven consumers that read prepayment
 * events, each woken with its own batch size after a commit of ten events; alternated pairs on
 * the shared server): a live call's backend CPU, BEGIN and COMMIT included, 0.71/0.56/0.56 ->
 * 0.46/0.47/0.45 ms; with pg_stat_statements, the function's execution 0.42 -> 0.27 ms and its
 * buffer hits 238 -> 36. The function alone in a loop: 0.25 -> 0.10 ms a call. More in
 * docs/performance.md, session 13.
 */
export class ConsumerNextBatchTailFirst1796426300000 implements MigrationInterface {
  name = 'ConsumerNextBatchTailFirst1796426300000';

  async up(db: QueryRunner): Promise<void> {
    // The tail's probe; each type's walk only when the tail neither ended nor held a full batch.
    await db.query(CONSUMER_NEXT_BATCH_TAIL_FIRST);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(CONSUMER_NEXT_BATCH_FETCH_PRUNED);
  }
}
