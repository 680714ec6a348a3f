import { context, type Link, propagation, SpanStatusCode, trace, type TraceFlags } from '@opentelemetry/api';
import type { GlobalCheckpoint } from '../read/read-all';
import type { Sql } from '../sql/sql';

/** The active span's W3C trace context, for an event's metadata; nothing when tracing is off. */
export function activeTraceContext(): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (!carrier.traceparent) return {};
  return carrier.tracestate ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate } : { traceparent: carrier.traceparent };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Links to the requests that caused `events` (their metadata's traceparent), for the span of
 * the consumer that applies them: one batch serves many requests, so it links rather than
 * parents (OpenTelemetry's way for batch processing).
 */
export function linksToCauses(events: readonly { metadata: { traceparent?: string } }[]): Link[] {
  const links: Link[] = [];
  for (const event of events) {
    const match = TRACEPARENT.exec(event.metadata.traceparent ?? '');
    if (match) links.push({ context: { traceId: match[1]!, spanId: match[2]!, traceFlags: parseInt(match[3]!, 16) as TraceFlags } });
  }
  return links;
}

/**
 * For a consumer that never reads its events into Node (a range projection): with tracing on,
 * links the active span to the requests that caused the events of `types` in (after, upTo],
 * read from their metadata; with it off (no recording span), reads nothing.
 */
export async function linkRangeToCauses(
  sql: Sql,
  range: { after: GlobalCheckpoint; upTo: GlobalCheckpoint },
  types: readonly string[],
): Promise<void> {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  const { rows } = await sql.query<{ traceparent: string }>(
    `SELECT metadata->>'traceparent' AS traceparent FROM events
     WHERE type = ANY($5::text[]) AND metadata ? 'traceparent'
       AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND (transaction_id, global_position) <= ($3::xid8, $4::bigint)`,
    [range.after.transactionId, range.after.position, range.upTo.transactionId, range.upTo.position, types],
  );
  span.addLinks(linksToCauses(rows.map(({ traceparent }) => ({ metadata: { traceparent } }))));
}

/** Runs `work` in a span named `name` linked to `links`; with tracing off it just runs `work`. */
export function inSpan<T>(name: string, links: Link[], work: () => Promise<T>): Promise<T> {
  return trace.getTracer('goodpay').startActiveSpan(name, { links }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
