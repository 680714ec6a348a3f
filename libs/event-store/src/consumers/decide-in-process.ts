import { appendToStream } from '../append/append-to-stream';
import { WrongExpectedVersionError } from '../append/errors';
import { type Decider, fold } from '../decider/decider';
import type { DomainEvent, EventMetadata } from '../events/event';
import { readStream } from '../read/read-stream';
import type { ProcessContext } from './consumer';

/** A writer outside the process manager's locks (none, normally) makes the append lose: decide again. */
const ATTEMPTS_ON_CONFLICT = 10;

/**
 * A process manager's decision on one stream, inside its checkpoint's transaction: fold the
 * stream, decide, append at the version read; decided again if the append lost a race. Returns
 * the state it decided on and the events appended (none when the decision was a no-op).
 */
export async function decideInProcess<S, C, E extends DomainEvent>(
  { sql, schemas }: ProcessContext,
  streamId: string,
  decider: Decider<S, C, E>,
  command: C,
  metadata: EventMetadata,
): Promise<{ state: S; events: E[] }> {
  for (let attempt = 1; ; attempt += 1) {
    const { version, events } = await readStream(sql, schemas, streamId);
    const state = fold(decider, events as unknown as E[]);
    const decided = decider.decide(command, state);
    if (decided.length === 0) return { state, events: [] };
    try {
      await appendToStream(sql, schemas, { streamId, expectedVersion: version, events: decided }, metadata);
      return { state, events: decided };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError && attempt < ATTEMPTS_ON_CONFLICT) continue;
      throw error;
    }
  }
}
