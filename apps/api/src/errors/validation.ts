import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '@goodpay/shared';
import { cacheValidationMetadata } from './validation-metadata-cache';

export interface FieldError {
  /** Dotted path into the body, query or params: `items.0.amount`. */
  field: string;
  messages: string[];
}

/** A request whose JSON is well-formed but whose fields break the DTO's rules (400). */
export class RequestValidationError extends DomainError {
  readonly status = 400;
  constructor(readonly errors: FieldError[]) {
    super('validation_failed', `the request is invalid: ${errors.map((e) => e.field).join(', ')}`, { errors });
  }
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * class-validator's pipe, which lets a JSON `null` body through as if nothing were asked (a
 * `POST` with body `null` would register with every optional field unset): a body sent to a
 * DTO must be a JSON object. A request without any body is left to the DTO's own rules.
 */
class DtoValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto = typeof metadata.metatype === 'function' && ![Object, String, Number, Boolean, Array].includes(metadata.metatype as never);
    if (metadata.type === 'body' && isDto && value !== undefined && (value === null || typeof value !== 'object')) {
      throw new RequestValidationError([{ field: 'body', messages: ['the body must be a JSON object'] }]);
    }
    return super.transform(value, metadata);
  }
}

/** DTOs are validated with class-validator: unknown fields refused, values transformed. */
export const createValidationPipe = (): ValidationPipe => {
  cacheValidationMetadata();
  return new DtoValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Messages name the field, never echo its value: values may be personal data.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
};
