import type { Decider } from '../decider/decider';
import type { DomainEvent } from '../events/event';
import type { AppendRequest } from '../append/append-to-stream';
import type { StreamReader } from '../event-store';

/**
 * The usual shape of a command on one stream: fold it, decide, and ask to append at the
 * version read, so a concurrent change makes the append fail rather than overwrite.
 * `command` receives the folded state for commands that need it to be built.
 */
export async function decideOnStream<S, C, E extends DomainEvent>(
  store: StreamReader,
  streamId: string,
  decider: Decider<S, C, E>,
  command: C | ((state: S) => C),
): Promise<{ state: S; events: E[]; append: AppendRequest }> {
  const { state, version } = await store.aggregate(streamId, decider);
  const resolved = typeof command === 'function' ? (command as (state: S) => C)(state) : command;
  const events = decider.decide(resolved, state);
  return { state, events, append: { streamId, expectedVersion: version, events } };
}
