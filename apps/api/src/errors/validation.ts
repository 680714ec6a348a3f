import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '@goodpay/shared';

export interface FieldError {
  /** Dotted path into the body, query or params: `items.0.amount`. */
  field: string;
  messages: string[];
}

/** A request whose JSON is well-formed but whose fields break the DTO's rules (400). */
export class RequestValidationError extends DomainError {
  readonly status = 400;
  constructor(readonly errors: FieldError[]) {
    super(
      'validation_failed',
      `the request is invalid: ${errors.map((e) => e.field).join(', ')}`,
      { errors },
    );
  }
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** DTOs are validated with class-validator: unknown fields refused, values transformed. */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Messages name the field, never echo its value: values may be personal data.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
