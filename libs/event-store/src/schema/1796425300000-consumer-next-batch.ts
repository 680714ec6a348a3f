import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CHECKPOINT_MOVED_CHANNEL } from '../subscriptions/checkpoints';

/** consumer_next_batch's parameters (1796425700000 adds one). */
export const CONSUMER_NEXT_BATCH_PARAMETERS = 'p_name text, p_max_rows integer, p_types text[], p_with_rows boolean, p_move boolean';

/**
 * The function's declaration and the start of its body, up to the checkpoint's move
 * (1796425600000 keeps them and replaces what follows).
 */
export const CONSUMER_NEXT_BATCH_START = `
      CREATE FUNCTION consumer_next_batch(${CONSUMER_NEXT_BATCH_PARAMETERS})
      RETURNS TABLE (
        after_transaction_id xid8, after_position bigint, passed_transaction_id xid8, passed_position bigint,
        batch_count integer, hidden boolean,
        event_id uuid, stream_id text, stream_version integer, global_position bigint, transaction_id xid8,
        type text, schema_version smallint, data jsonb, metadata jsonb, recorded_at_ms float8
      )
      LANGUAGE plpgsql VOLATILE
      SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off
      SET enable_nestloop = on
      AS $$
      #variable_conflict use_column
      DECLARE
        v_after_tx xid8 := '0';
        v_after_pos bigint := 0;
        v_positions bigint[];
        v_count integer;
        v_batch_tx xid8;
        v_batch_pos bigint;
        v_hidden boolean;
        v_last_tx xid8;
        v_last_pos bigint;
        v_passed_tx xid8;
        v_passed_pos bigint;
      BEGIN
        -- An advisory lock rather than a row lock: a row lock gives the transaction an xid at
        -- once, and an open xid would hold back the horizon this very batch reads below.
        PERFORM pg_advisory_xact_lock(hashtextextended('subscription:' || p_name, 0));
        SELECT s.last_transaction_id, s.last_position INTO v_after_tx, v_after_pos
        FROM subscription_checkpoints s WHERE s.name = p_name;
        IF NOT FOUND THEN
          v_after_tx := '0';
          v_after_pos := 0;
        END IF;

        WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
        next AS MATERIALIZED (
          SELECT p.event_transaction_id AS tx, p.event_position AS pos
          FROM event_positions_after(v_after_tx, v_after_pos, p_max_rows, p_types, NULL) p
        ),
        batch AS MATERIALIZED (
          SELECT next.tx, next.pos FROM next, h WHERE next.tx < h.xmin ORDER BY 1, 2 LIMIT p_max_rows
        )
        SELECT CASE WHEN p_with_rows THEN (SELECT array_agg(b.pos) FROM batch b) END,
               (SELECT count(*)::integer FROM batch),
               top.tx, top.pos,
               EXISTS (SELECT 1 FROM next, h WHERE next.tx >= h.xmin),
               last.transaction_id, last.global_position
        INTO v_positions, v_count, v_batch_tx, v_batch_pos, v_hidden, v_last_tx, v_last_pos
        FROM h
        LEFT JOIN LATERAL (SELECT b.tx, b.pos FROM batch b ORDER BY b.tx DESC, b.pos DESC LIMIT 1) top ON true
        LEFT JOIN LATERAL (
          SELECT e.transaction_id, e.global_position FROM events e
          WHERE e.transaction_id < h.xmin
          ORDER BY e.transaction_id DESC, e.global_position DESC
          LIMIT 1
        ) last ON true;

        -- A full batch ends at its last event; a short one has read every event of its types
        -- below the horizon, where nothing can appear any more: it passes the last event there.
        IF v_count = p_max_rows THEN
          v_passed_tx := v_batch_tx;
          v_passed_pos := v_batch_pos;
        ELSIF v_last_tx IS NOT NULL AND (v_last_tx, v_last_pos) > (v_after_tx, v_after_pos) THEN
          v_passed_tx := v_last_tx;
          v_passed_pos := v_last_pos;
        ELSE
          v_passed_tx := v_after_tx;
          v_passed_pos := v_after_pos;
        END IF;

        IF p_move AND (v_passed_tx, v_passed_pos) <> (v_after_tx, v_after_pos) THEN
          INSERT INTO subscription_checkpoints AS s (name, last_transaction_id, last_position, updated_at)
          VALUES (p_name, v_passed_tx, v_passed_pos, now())
          ON CONFLICT (name) DO UPDATE
            SET last_transaction_id = EXCLUDED.last_transaction_id, last_position = EXCLUDED.last_position, updated_at = now();
          -- Delivered when (and only if) this transaction commits: wakes the \`?after=\` readers.
          PERFORM pg_notify('${CHECKPOINT_MOVED_CHANNEL}', p_name);
        END IF;

`;

/** This migration's end of the body: the batch's figures on every row (1796425600000 restores it on the way down). */
export const CONSUMER_NEXT_BATCH_ROWS_EACH_WITH_FIGURES = `        -- Two statements, not one with the choice in its join: a plan made once cannot leave
        -- out the fetch, and a range projection's batch of 100,000 positions was fetched for nothing.
        IF NOT p_with_rows THEN
          RETURN QUERY SELECT v_after_tx, v_after_pos, v_passed_tx, v_passed_pos, v_count, v_hidden,
            NULL::uuid, NULL::text, NULL::integer, NULL::bigint, NULL::xid8, NULL::text, NULL::smallint, NULL::jsonb, NULL::jsonb, NULL::float8;
          RETURN;
        END IF;
        RETURN QUERY
          SELECT v_after_tx, v_after_pos, v_passed_tx, v_passed_pos, v_count, v_hidden,
                 e.event_id, e.stream_id, e.stream_version, e.global_position, e.transaction_id,
                 e.type, e.schema_version, e.data, e.metadata,
                 floor(extract(epoch FROM e.recorded_at) * 1000)::float8
          FROM (SELECT 1) one
          LEFT JOIN events e ON e.global_position = ANY (v_positions)
          ORDER BY e.transaction_id, e.global_position;
      END
      $$`;

/**
 * `consumer_next_batch`: the start of a consumer's batch in one round trip: take its lock, read
 * its checkpoint, find its next events (or only where they end), move the checkpoint past them,
 * and return them.
 *
 * Why: a batch was seven round trips (begin, lock, read the checkpoint, read the events, apply,
 * save the checkpoint, commit), and on a machine whose two cores the api, the worker and
 * PostgreSQL share, each one is a socket write and a switch to another process: two thirds of
 * the worker's profile under a command load was `writev`. Now: begin, this, apply, commit.
 *
 * Moving the checkpoint before the apply is the same transaction: if the apply fails, both roll
 * back; readers see neither until the commit (the notification is sent at commit). With
 * `move` false the caller moves it after its own work: a process manager appends events, and
 * must lock their streams before its transaction's first write (see lockStreams).
 *
 * Why the statements are safe to plan once (plpgsql keeps a generic plan per connection): the
 * events are found by event_positions_after (see its migration), fetched by position (the
 * primary key of each partition), and the last event below the horizon is the top of the order
 * index; scans are off for this function alone so that a plan made while the log or a partition
 * was nearly empty cannot scan it once it is full, and nested loops on, whatever the caller set
 * (the rebuild's bulk turns them off), so that no caller's setting shapes the plan kept.
 *
 * The lock comes first and the checkpoint is read after it, by a statement of its own (a
 * VOLATILE function's statements each take a new snapshot): a batch that waited for another
 * batch of the same consumer sees where that one left the checkpoint. The horizon, the batch,
 * `hidden` and the last event below the horizon come from one statement's snapshot, which is
 * what makes the checkpoint's move safe (see read-all.ts on the gap-safe order): every event of
 * the consumer's types below that horizon is in the batch, or the batch is full.
 *
 * `hidden`: events of its types lie beyond the horizon (committed by a transaction newer than
 * one still open). Each type's first `max_rows` events are walked without the horizon and the
 * batch is taken from those below it: a type's events beyond the horizon come after all of its
 * events below it, so the batch is exact, and when it is short, every type had fewer than
 * `max_rows` below the horizon, so each type's first event beyond it, if any, was walked too.
 * (When the batch is full `hidden` may say no where it is yes; a full batch is followed by
 * another read anyway.)
 *
 * With `with_rows` false (a range projection, which reads the log itself) it returns one row:
 * where the range starts and ends and how many events of its types it holds. Otherwise one row
 * per event, in the gap-safe order, each also carrying those figures (or one row without an
 * event when there is none).
 */
export class ConsumerNextBatch1796425300000 implements MigrationInterface {
  name = 'ConsumerNextBatch1796425300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`${CONSUMER_NEXT_BATCH_START}${CONSUMER_NEXT_BATCH_ROWS_EACH_WITH_FIGURES}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION consumer_next_batch(text, integer, text[], boolean, boolean)`);
  }
}
