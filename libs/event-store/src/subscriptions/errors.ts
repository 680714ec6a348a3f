import { DomainError } from '@goodpay/shared';

/** The projection did not reach the position in time: the write stands, the read is not ready (503). */
export class ProjectionNotReadyError extends DomainError {
  readonly status = 503;
  constructor(projection: string, position: string, timeoutMs: number) {
    super('projection_not_ready', `the ${projection} view has not reached position ${position} after ${timeoutMs} ms; try again`, {
      projection,
      position,
    });
  }
}
