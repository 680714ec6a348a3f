import type { MigrationInterface, QueryRunner } from 'typeorm';
import { figuresOnceThenEvents } from './1796425600000-consumer-next-batch-figures-once';
import { CONSUMER_NEXT_BATCH_WITH_METADATA_START, METADATA_AS_ASKED } from './1796425700000-consumer-next-batch-metadata-asked';

/** 1796425700000's six-parameter function, replaced rather than created. */
const START_WITH_METADATA_ASKED = CONSUMER_NEXT_BATCH_WITH_METADATA_START.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');

/** `text` with its one `from` replaced: a version built from an earlier one's text fails loudly if that text moved. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The function as this migration makes it, replacing 1796425700000's (1796426300000 restores it on the way down). */
export const CONSUMER_NEXT_BATCH_FETCH_PRUNED = `${replaceOnce(
  START_WITH_METADATA_ASKED,
  'v_passed_pos bigint;',
  `v_passed_pos bigint;
        v_fetch_from bigint;
        v_fetch_to bigint;`,
)}${replaceOnce(
  replaceOnce(
    figuresOnceThenEvents(METADATA_AS_ASKED),
    'IF p_with_rows THEN',
    `IF p_with_rows THEN
          SELECT min(x), max(x) INTO v_fetch_from, v_fetch_to FROM unnest(v_positions) AS x;`,
  ),
  'WHERE e.global_position = ANY (v_positions)',
  'WHERE e.global_position = ANY (v_positions) AND e.global_position BETWEEN v_fetch_from AND v_fetch_to',
)}`;

/**
 * `consumer_next_batch` fetches the batch's events from the partitions that hold them, not from
 * every partition of the log.
 *
 * Why: the events were fetched by `global_position = ANY (positions)`, which PostgreSQL cannot
 * prune partitions by (the list is a variable), so each partition's primary key was probed for
 * every position of the batch: a live batch of ten events on a log of five partitions, 50 probes
 * for 10 rows (0.29 -> 0.07 ms, measured alone); a catch-up's batch of 5,000 on the bench's ten
 * partitions, 50,000. Bounded also by the batch's first and last position (variables, so the
 * partitions outside them are left out when the statement starts), the fetch reads one or two.
 */
export class ConsumerNextBatchFetchPruned1796426100000 implements MigrationInterface {
  name = 'ConsumerNextBatchFetchPruned1796426100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(CONSUMER_NEXT_BATCH_FETCH_PRUNED);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`${START_WITH_METADATA_ASKED}${figuresOnceThenEvents(METADATA_AS_ASKED)}`);
  }
}
