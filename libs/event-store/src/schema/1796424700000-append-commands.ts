import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AppendInOneStatement1796411820865 } from './1796411820865-append-in-one-statement';

/**
 * `append_commands`: the writes of several commands in one statement (one round trip, one
 * commit), for a group of commands on a hot stream decided one after another in a process
 * (command/command-group.ts). It is `append_to_streams` with, per command, its metadata and
 * any number of idempotency keys, each stored with its own command's answer, whose position is
 * that of the command's last event (0 when it appended none).
 *
 * The guarantees are those of `append_to_streams`: stream locks in id order before the first
 * write, each stream advanced at the version its writer expects (GPV01 otherwise), the events
 * numbered after it; a key stored meanwhile raises GPK01 (also when two keys of the statement
 * are the same: the caller stores each key once). Any error rolls back the whole statement:
 * no command of the group keeps anything.
 *
 * p_event_commands: per event, its command (1-based index into p_metadata);
 * p_key_commands: per key, the command whose answer it keeps.
 * `append_to_streams` stays, as one command's call of this one, for a process of the version
 * before (a rolling deploy) and for the tests that call it.
 */
export class AppendCommands1796424700000 implements MigrationInterface {
  name = 'AppendCommands1796424700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION append_commands(
        p_stream_ids text[], p_stream_types text[], p_expected integer[], p_counts integer[],
        p_event_streams integer[], p_event_offsets integer[], p_event_ids uuid[], p_types text[],
        p_schema_versions smallint[], p_data jsonb[], p_event_commands integer[], p_metadata jsonb[],
        p_key_commands integer[], p_key_scopes text[], p_keys text[], p_request_hashes text[], p_responses jsonb[])
      RETURNS TABLE (event_id uuid, stream_version integer, global_position bigint, transaction_id xid8, recorded_at timestamptz)
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        i integer;
        advanced integer;
        actual integer;
        stored integer;
        first_version integer[] := array_fill(0, ARRAY[cardinality(p_stream_ids)]);
        last_position bigint[] := array_fill(0::bigint, ARRAY[greatest(cardinality(p_metadata), 1)]);
        command_of jsonb;
        inserted record;
      BEGIN
        -- As in append_to_streams: every stream's lock, in id order, before the first write.
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

        -- The RETURNING rows carry no command: with several, the event id leads back to its own.
        IF cardinality(p_metadata) > 1 THEN
          SELECT jsonb_object_agg(x.id::text, x.c) INTO command_of FROM unnest(p_event_ids, p_event_commands) AS x(id, c);
        END IF;
        FOR inserted IN
          INSERT INTO events AS e (event_id, stream_id, stream_version, type, schema_version, data, metadata)
          SELECT x.id, p_stream_ids[x.s], first_version[x.s] + x.k, x.t, x.v, x.d, p_metadata[x.c]
          FROM unnest(p_event_streams, p_event_offsets, p_event_ids, p_types, p_schema_versions, p_data, p_event_commands)
               WITH ORDINALITY AS x(s, k, id, t, v, d, c, ord)
          ORDER BY x.ord
          RETURNING e.event_id, e.stream_version, e.global_position, e.transaction_id, e.recorded_at
        LOOP
          event_id := inserted.event_id;
          stream_version := inserted.stream_version;
          global_position := inserted.global_position;
          transaction_id := inserted.transaction_id;
          recorded_at := inserted.recorded_at;
          i := coalesce((command_of ->> inserted.event_id::text)::integer, 1);
          last_position[i] := greatest(last_position[i], inserted.global_position);
          RETURN NEXT;
        END LOOP;

        IF coalesce(cardinality(p_keys), 0) > 0 THEN
          INSERT INTO idempotency_keys (scope, key, request_hash, response)
          SELECT q.scope, q.key, q.hash, jsonb_set(q.response, '{position}', to_jsonb(last_position[q.c]::text))
          FROM unnest(p_key_commands, p_key_scopes, p_keys, p_request_hashes, p_responses) AS q(c, scope, key, hash, response)
          ON CONFLICT (scope, key) DO NOTHING;
          GET DIAGNOSTICS stored = ROW_COUNT;
          IF stored < cardinality(p_keys) THEN
            RAISE EXCEPTION 'an idempotency key was stored meanwhile' USING ERRCODE = 'GPK01';
          END IF;
        END IF;
      END $$`);
    // One command's call, as before: its metadata and its one key.
    await db.query(`
      CREATE OR REPLACE FUNCTION append_to_streams(
        p_stream_ids text[], p_stream_types text[], p_expected integer[], p_counts integer[],
        p_event_streams integer[], p_event_offsets integer[], p_event_ids uuid[], p_types text[],
        p_schema_versions smallint[], p_data jsonb[], p_metadata jsonb,
        p_key_scope text, p_key text, p_request_hash text, p_response jsonb)
      RETURNS TABLE (event_id uuid, stream_version integer, global_position bigint, transaction_id xid8, recorded_at timestamptz)
      LANGUAGE sql AS $$
        SELECT * FROM append_commands(p_stream_ids, p_stream_types, p_expected, p_counts, p_event_streams, p_event_offsets,
          p_event_ids, p_types, p_schema_versions, p_data, array_fill(1, ARRAY[cardinality(p_event_ids)]), ARRAY[p_metadata],
          CASE WHEN p_key IS NULL THEN '{}'::integer[] ELSE ARRAY[1] END,
          CASE WHEN p_key IS NULL THEN '{}'::text[] ELSE ARRAY[p_key_scope] END,
          CASE WHEN p_key IS NULL THEN '{}'::text[] ELSE ARRAY[p_key] END,
          CASE WHEN p_key IS NULL THEN '{}'::text[] ELSE ARRAY[p_request_hash] END,
          CASE WHEN p_key IS NULL THEN '{}'::jsonb[] ELSE ARRAY[p_response] END)
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION append_to_streams(text[], text[], integer[], integer[], integer[], integer[], uuid[], text[],
      smallint[], jsonb[], jsonb, text, text, text, jsonb)`);
    await new AppendInOneStatement1796411820865().up(db);
    await db.query(`DROP FUNCTION append_commands`);
  }
}
