import type { Sql } from '../sql/sql';
import type { RecordedEvent } from '../events/event';
import type { EventSchemas } from '../events/event-schemas';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from '../events/event-row';

export interface StreamRead {
  /** The stream's version after the events returned; 0 when the stream does not exist. */
  version: number;
  events: RecordedEvent[];
}

/**
 * Which events of a stream: matched on the stored data, so `field` must carry the same value
 * under that name in every schema version of `types` (an upcaster may not rename it).
 */
export interface StreamFilter {
  types: readonly string[];
  field: string;
  equals: string;
  toVersion: number;
}

/** Reads one stream in order, from `fromVersion` (1-based, inclusive). */
export async function readStream(sql: Sql, schemas: EventSchemas, streamId: string, fromVersion = 1): Promise<StreamRead> {
  const { rows } = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE stream_id = $1 AND stream_version >= $2
     ORDER BY stream_version`,
    [streamId, fromVersion],
    // Prepared: a command reads a second stream this way (a redemption, its shop's), and planning
    // it over the partitions cost more than running it. Its plan is the stream's own index range
    // in each partition, as the recall's (goodpay_recall_and_read) that reads streams the same way.
    'goodpay_read_stream',
  );
  const events = rows.map((row) => toRecordedEvent(row, schemas));
  return { version: events.at(-1)?.streamVersion ?? fromVersion - 1, events };
}

/** A stream's events that `where` names (StreamReader.readStreamWhere), in order. */
export async function readStreamWhere(
  sql: Sql,
  schemas: EventSchemas,
  streamId: string,
  { types, field, equals, toVersion }: StreamFilter,
): Promise<RecordedEvent[]> {
  const { rows } = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE stream_id = $1 AND stream_version <= $2 AND type = ANY($3::text[]) AND data ->> $4::text = $5
     ORDER BY stream_version`,
    [streamId, toVersion, types, field, equals],
  );
  return rows.map((row) => toRecordedEvent(row, schemas));
}
