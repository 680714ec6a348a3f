import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandContext } from '@goodpay/event-store';
import { type Actor, InvalidInputError, UnauthenticatedError } from '@goodpay/shared';
import { Idempotent } from '../openapi/answers';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_SHAPE = /^[A-Za-z0-9_.:-]{8,128}$/;

interface CommandRequest {
  id: string;
  actor?: Actor;
  headers: Record<string, string | string[] | undefined>;
}

function contextOf(context: ExecutionContext, keyRequired: boolean): CommandContext {
  const request = context.switchToHttp().getRequest<CommandRequest>();
  if (!request.actor) throw new UnauthenticatedError();
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (key === undefined && keyRequired) {
    throw new InvalidInputError(
      'this command creates something: send an Idempotency-Key header (8-128 letters, digits, _ . : -) so a retry cannot create it twice',
      { header: 'Idempotency-Key' },
      'idempotency_key_required',
    );
  }
  if (key !== undefined && (typeof key !== 'string' || !KEY_SHAPE.test(key))) {
    throw new InvalidInputError(
      'the Idempotency-Key header must be 8-128 letters, digits, _ . : -',
      { header: 'Idempotency-Key' },
      'invalid_idempotency_key',
    );
  }
  return { actor: request.actor, correlationId: String(request.id), idempotencyKey: key };
}

/** Every route that takes a command's context documents the Idempotency-Key header it reads. */
function documentIdempotencyKey(required: boolean): ParameterDecorator {
  return (target, key) => {
    if (key === undefined) return;
    Idempotent(required)(target, key, Object.getOwnPropertyDescriptor(target, key)!);
  };
}

/**
 * The command's context from the request: the authenticated actor (use with @Authenticated),
 * the correlation id, and the Idempotency-Key header when the client sent one.
 */
export const Command = createParamDecorator(
  (_: unknown, context: ExecutionContext) => contextOf(context, false),
  [documentIdempotencyKey(false)],
);

/** The same, for commands that create something: the Idempotency-Key header is required. */
export const CreatingCommand = createParamDecorator(
  (_: unknown, context: ExecutionContext) => contextOf(context, true),
  [documentIdempotencyKey(true)],
);
