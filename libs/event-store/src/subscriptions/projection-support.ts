import type { ProjectedEvent } from '../consumers/consumer';
import type { Sql } from '../sql/sql';

/**
 * Runs a statement that must change exactly `expected` rows. Anything else means the read
 * model and the log disagree (an event about something never created, a cancellation of nothing):
 * the batch fails and rolls back with its checkpoint, loudly, rather than drift.
 */
export async function exactly(
  sql: Sql,
  expected: number,
  what: string,
  text: string,
  params: readonly unknown[],
): Promise<Record<string, unknown>[]> {
  const { rows, rowCount } = await sql.query(text, params);
  if (rowCount !== expected) {
    throw new Error(`read model out of step with the log: ${what} changed ${rowCount} rows, expected ${expected}`);
  }
  return rows;
}

/** Says which event broke a batch, so the failed job names it. */
export async function applyEach<R extends ProjectedEvent>(
  projection: string,
  events: readonly R[],
  applyOne: (event: R) => Promise<void>,
): Promise<void> {
  for (const event of events) {
    try {
      await applyOne(event);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `projection ${projection} failed on ${event.type} at position ${event.globalPosition} (stream ${event.streamId}): ${reason}`,
        { cause: error },
      );
    }
  }
}

/**
 * Applies a batch in log order, taking each run of consecutive events that `together` accepts
 * in one set-based step (`applyRun`) and every other event one by one (`applyOne`): a
 * projection whose frequent events are summed per batch keeps its rare ones in their place.
 */
export async function applyInRuns<R extends ProjectedEvent, S extends R>(
  projection: string,
  events: readonly R[],
  together: (event: R) => event is S,
  applyRun: (run: S[]) => Promise<void>,
  applyOne: (event: Exclude<R, S>) => Promise<void>,
): Promise<void> {
  let run: S[] = [];
  const flush = async () => {
    if (run.length > 0) await applyRun(run);
    run = [];
  };
  for (const event of events) {
    if (together(event)) {
      run.push(event);
      continue;
    }
    await flush();
    await applyEach(projection, [event as Exclude<R, S>], applyOne);
  }
  await flush();
}
