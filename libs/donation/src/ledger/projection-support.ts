import type { DomainEvent, RecordedEvent, Sql } from '@goodpay/event-store';

/** A recorded event seen as the domain event its type names (the projection filtered by type). */
export const asEvent = <E extends DomainEvent>(event: RecordedEvent): E => ({ type: event.type, data: event.data }) as E;

/**
 * A statement that must change exactly `expected` rows; anything else means the read model and
 * the log disagree, and the batch fails (rolling back with its checkpoint) rather than drift.
 */
export async function exactly(sql: Sql, expected: number, what: string, text: string, params: readonly unknown[]): Promise<void> {
  const { rowCount } = await sql.query(text, params);
  if (rowCount !== expected) {
    throw new Error(`read model out of step with the log: ${what} changed ${rowCount} rows, expected ${expected}`);
  }
}

/** Names the event that broke a batch, so the failed job says which. */
export async function applyEach(projection: string, events: readonly RecordedEvent[], applyOne: (event: RecordedEvent) => Promise<void>): Promise<void> {
  for (const event of events) {
    try {
      await applyOne(event);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`projection ${projection} failed on ${event.type} at position ${event.globalPosition} (stream ${event.streamId}): ${reason}`, {
        cause: error,
      });
    }
  }
}
