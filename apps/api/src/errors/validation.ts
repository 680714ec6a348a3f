import { type ArgumentMetadata, type Type, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { MetadataStorage as TransformerStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage } from 'class-validator';
import { DomainError } from '@goodpay/shared';
import { cacheValidationMetadata } from './validation-metadata-cache';

// class-transformer's rules (@Type, @Transform, @Expose, @Exclude); its index does not export them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerRules = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage })
  .defaultMetadataStorage;
const PLAIN_TO_CLASS = 0; // class-transformer's TransformationType.PLAIN_TO_CLASS

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
  /** Per DTO class, the properties class-validator knows that class-transformer has no rule for. */
  private readonly plainProperties = new WeakMap<Type<unknown>, ReadonlySet<string>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto = typeof metadata.metatype === 'function' && ![Object, String, Number, Boolean, Array].includes(metadata.metatype as never);
    if (metadata.type === 'body' && isDto && value !== undefined && (value === null || typeof value !== 'object')) {
      throw new RequestValidationError([{ field: 'body', messages: ['the body must be a JSON object'] }]);
    }
    if (metadata.type === 'body' && isDto) {
      const accepted = await this.acceptFlatBody(value, metadata.metatype as Type<unknown>);
      if (accepted) return accepted;
    }
    return super.transform(value, metadata);
  }

  /**
   * The common body (a JSON object of a few plain values, every one a property of the DTO that
   * class-transformer has no rule for) as the DTO, when it passes validation: what
   * ValidationPipe would return, without class-transformer's walk of the value (the copy is
   * the same) and the pipe's checks of shapes such a body cannot have. Anything else, and any
   * body that fails, goes the whole way, so refusals are the pipe's own.
   */
  private async acceptFlatBody(value: unknown, metatype: Type<unknown>): Promise<object | undefined> {
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
    const plain = this.plainPropertiesOf(metatype);
    for (const key in value) {
      const field = (value as Record<string, unknown>)[key];
      if (!plain.has(key) || (field !== null && typeof field === 'object')) return undefined;
    }
    const entity = Object.assign(new metatype() as object, value);
    const errors = await this.validate(entity, this.validatorOptions);
    return errors.length === 0 ? entity : undefined;
  }

  private plainPropertiesOf(metatype: Type<unknown>): ReadonlySet<string> {
    let plain = this.plainProperties.get(metatype);
    if (plain) return plain;
    const rules = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false);
    const classWide = transformerRules.getExposedMetadatas(metatype).length + transformerRules.getExcludedMetadatas(metatype).length > 0;
    plain = new Set(
      classWide
        ? []
        : rules
            .map((rule) => rule.propertyName)
            .filter(
              (name) =>
                name !== '__proto__' &&
                name !== 'constructor' &&
                transformerRules.findTypeMetadata(metatype, name) === undefined &&
                transformerRules.findTransformMetadatas(metatype, name, PLAIN_TO_CLASS).length === 0,
            ),
    );
    this.plainProperties.set(metatype, plain);
    return plain;
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
