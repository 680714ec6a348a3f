import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `append_to_streams`: a command's whole write in one statement, so one round trip and one
 * commit (autocommitted): advance each stream row at the version the writer expects, insert the
 * events numbered after it, and remember the idempotency key with the answer (its position
 * filled in here, where the position is known). Before it a command took BEGIN, an append per
 * stream, the key's INSERT and COMMIT: five round trips or more.
 *
 * Every guarantee is the same: the stream row is locked by its UPDATE, so the expected-version
 * check is exact; a wrong version raises GPV01 and a key a twin request stored first raises
 * GPK01, and either error rolls back the whole statement, so nothing is stored anywhere; the
 * events table keeps its append-only triggers. Streams are advanced in the order of their ids,
 * so two commands on the same streams never wait for each other in opposite orders (deadlock).
 *
 * p_expected: -1 any version, 0 the stream must not exist, n exactly n.
 * p_event_streams / p_event_offsets: per event, its stream (1-based index into p_stream_ids)
 * and its place among that stream's new events (0-based).
 */
export class AppendInOneStatement1796411820865 implements MigrationInterface {
  name = 'AppendInOneStatement1796411820865';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION append_to_streams(
        p_stream_ids text[], p_stream_types text[], p_expected integer[], p_counts integer[],
        p_event_streams integer[], p_event_offsets integer[], p_event_ids uuid[], p_types text[],
        p_schema_versions smallint[], p_data jsonb[], p_metadata jsonb,
        p_key_scope text, p_key text, p_request_hash text, p_response jsonb)
      RETURNS TABLE (event_id uuid, stream_version integer, global_position bigint, transaction_id xid8, recorded_at timestamptz)
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        i integer;
        advanced integer;
        actual integer;
        first_version integer[] := array_fill(0, ARRAY[cardinality(p_stream_ids)]);
        last_position bigint := 0;
        inserted record;
      BEGIN
        -- Each stream's lock first, in id order, before the first write gives this transaction
        -- its xid: per stream, xids then follow the order of versions, which readers' gap-safe
        -- (transaction id, position) order relies on (an xid taken before waiting could be older
        -- than that of the writer it waited for).
        PERFORM pg_advisory_xact_lock(hashtextextended('stream:' || ids.id, 0))
        FROM (SELECT DISTINCT unnest(p_stream_ids) AS id ORDER BY 1) AS ids;
        FOR i IN SELECT u.ord FROM unnest(p_stream_ids) WITH ORDINALITY AS u(id, ord) ORDER BY u.id, u.ord LOOP
          advanced := NULL;
          IF p_expected[i] = -1 THEN
            INSERT INTO event_streams AS s (stream_id, stream_type, version) VALUES (p_stream_ids[i], p_stream_types[i], p_counts[i])
            ON CONFLICT (stream_id) DO UPDATE SET version = s.version + p_counts[i], updated_at = now()
            RETURNING s.version INTO advanced;
          ELSIF p_expected[i] = 0 THEN
            INSERT INTO event_streams AS s (stream_id, stream_type, version) VALUES (p_stream_ids[i], p_stream_types[i], p_counts[i])
            ON CONFLICT (stream_id) DO NOTHING
            RETURNING s.version INTO advanced;
          ELSE
            UPDATE event_streams AS s SET version = s.version + p_counts[i], updated_at = now()
            WHERE s.stream_id = p_stream_ids[i] AND s.version = p_expected[i]
            RETURNING s.version INTO advanced;
          END IF;
          IF advanced IS NULL THEN
            SELECT s.version INTO actual FROM event_streams AS s WHERE s.stream_id = p_stream_ids[i];
            RAISE EXCEPTION 'stream % is not at the expected version', p_stream_ids[i] USING
              ERRCODE = 'GPV01',
              DETAIL = json_build_object('streamId', p_stream_ids[i], 'actual', actual)::text;
          END IF;
          first_version[i] := advanced - p_counts[i] + 1;
        END LOOP;

        FOR inserted IN
          INSERT INTO events AS e (event_id, stream_id, stream_version, type, schema_version, data, metadata)
          SELECT x.id, p_stream_ids[x.s], first_version[x.s] + x.k, x.t, x.v, x.d, p_metadata
          FROM unnest(p_event_streams, p_event_offsets, p_event_ids, p_types, p_schema_versions, p_data)
               WITH ORDINALITY AS x(s, k, id, t, v, d, ord)
          ORDER BY x.ord
          RETURNING e.event_id, e.stream_version, e.global_position, e.transaction_id, e.recorded_at
        LOOP
          event_id := inserted.event_id;
          stream_version := inserted.stream_version;
          global_position := inserted.global_position;
          transaction_id := inserted.transaction_id;
          recorded_at := inserted.recorded_at;
          last_position := greatest(last_position, inserted.global_position);
          RETURN NEXT;
        END LOOP;

        IF p_key IS NOT NULL THEN
          INSERT INTO idempotency_keys (scope, key, request_hash, response)
          VALUES (p_key_scope, p_key, p_request_hash, jsonb_set(p_response, '{position}', to_jsonb(last_position::text)))
          ON CONFLICT (scope, key) DO NOTHING;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'idempotency key % was stored meanwhile', p_key USING ERRCODE = 'GPK01';
          END IF;
        END IF;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION append_to_streams`);
  }
}
