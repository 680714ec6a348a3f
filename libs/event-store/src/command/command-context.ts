import type { Actor } from '@goodpay/shared';
import type { EventMetadata } from '../events/event';
import { activeTraceContext } from '../events/trace-context';
import type { IdempotencyKey } from '../idempotency/idempotency';

/**
 * What every command carries besides its own input: who asks, the request's correlation id,
 * and, for commands that create something, the client's idempotency key.
 */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  causationId?: string | null;
  idempotencyKey?: string;
}

export const metadataOf = (context: CommandContext): EventMetadata => ({
  correlationId: context.correlationId,
  causationId: context.causationId ?? null,
  actor: context.actor,
  ...activeTraceContext(),
});

/**
 * The idempotency key for a command, scoped to the caller: the same key from another user
 * is another key. The command's name is part of the request, so reusing a key for a
 * different command is refused like reusing it with a different body.
 */
export const idempotencyOf = (context: CommandContext, command: string, input: unknown): IdempotencyKey | undefined =>
  context.idempotencyKey === undefined
    ? undefined
    : { scope: `${context.actor.role}:${context.actor.id}`, key: context.idempotencyKey, request: { command, input } };
