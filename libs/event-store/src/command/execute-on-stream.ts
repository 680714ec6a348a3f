import type { Decider } from '../decider/decider';
import type { DomainEvent } from '../events/event';
import type { CommandResult, EventStore } from '../event-store';
import { type CommandContext, idempotencyOf, metadataOf } from './command-context';
import { decideOnStream } from './decide-on-stream';

export interface OnStreamOptions<R> {
  /** The command's name: part of what an Idempotency-Key promises. */
  name: string;
  /** The request as the client sent it, for the Idempotency-Key check. */
  input: unknown;
  respond: () => R;
  /** Creating commands append to a new stream and need no retry; others decide again after a conflict. */
  maxAttempts?: number;
}

/**
 * The usual command on one stream: fold it, decide, append at the version read, answer.
 * `command` is built per attempt, so its `now` and anything else it reads are fresh after a
 * conflict. An Idempotency-Key, when the client sent one, makes a retried request answer
 * with the first result.
 */
export function executeOnStream<S, C, E extends DomainEvent, R>(
  store: EventStore,
  context: CommandContext,
  streamId: string,
  decider: Decider<S, C, E>,
  command: () => C | Promise<C>,
  { name, input, respond, maxAttempts = 3 }: OnStreamOptions<R>,
): Promise<CommandResult<R>> {
  return store.execute(
    async (read) => {
      const { append } = await decideOnStream(read, streamId, decider, await command());
      return { appends: [append], respond };
    },
    {
      metadata: metadataOf(context),
      idempotency: idempotencyOf(context, name, input),
      maxAttempts,
      reads: [streamId],
      serialiseOn: streamId,
    },
  );
}

/** Omit over each member of a union, so each command keeps its own fields. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
