import { ConflictError, RuleViolationError } from '@goodpay/shared';
import type { ExpectedVersion } from '../events/event';

/** Another writer appended to the stream first: re-read and decide again, or answer 409. */
export class WrongExpectedVersionError extends ConflictError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | null,
  ) {
    super(
      'concurrency_conflict',
      `stream ${streamId} was changed by someone else (expected ${expected}, found ${actual ?? 'no stream'}); retry`,
      { streamId, expected, actual },
    );
  }
}

/** The idempotency key was used before for a different request: refused, nothing changes (422). */
export class IdempotencyKeyReusedError extends RuleViolationError {
  constructor(key: string) {
    super('idempotency_key_reused', `idempotency key ${key} was already used for a different request`, { key });
  }
}
