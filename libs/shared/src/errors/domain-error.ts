/**
 * Every refusal the product gives has a stable machine code and an HTTP status. The api
 * turns these into RFC 9457 problem+json; nothing else decides a status code.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;

  constructor(
    /** Stable, documented, never reworded: clients branch on it. */
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is well-formed JSON but breaks a rule about its values (400). */
export class InvalidInputError extends DomainError {
  readonly status = 400;
  constructor(message: string, details?: Record<string, unknown>, code = 'invalid_input') {
    super(code, message, details);
  }
}

/** A business rule refuses the command in the current state (422). */
export class RuleViolationError extends DomainError {
  readonly status = 422;
}

/** The thing named does not exist, or the caller may not know that it does (404). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(what: string, id: string) {
    super(`${what}_not_found`, `${what.replace(/_/g, ' ')} ${id} was not found`, { id });
  }
}

/**
 * The one visibility rule, for reads and commands alike: what the caller may not see (another
 * payer's prepayment, another owner's shop, another organisation) answers exactly as a missing
 * id does: 404, the same `<what>_not_found` code, message and details. Ids cannot be probed.
 * Only the class name differs, for the code that throws it; the client never sees it.
 */
export class NotVisibleError extends NotFoundError {}

/**
 * The caller's role can never do this (403, `wrong_role` and kin). Never for "not yours": that is
 * a NotVisibleError.
 */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(message = 'you may not do this', code = 'forbidden') {
    super(code, message);
  }
}

/** No or bad credentials (401). */
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  constructor(message = 'a valid bearer token is required') {
    super('unauthenticated', message);
  }
}

/** Someone else changed the same thing first; the client may retry (409). */
export class ConflictError extends DomainError {
  readonly status = 409;
}

/**
 * An outside service the request depends on (identity provider, identity verification,
 * payment gateway) cannot be reached or answered nonsense; nothing was changed, the client
 * may try again (503, code `<service>_unavailable`).
 */
export class ProviderUnavailableError extends DomainError {
  readonly status = 503;
  constructor(service: string, message: string) {
    super(`${service}_unavailable`, message);
  }
}
