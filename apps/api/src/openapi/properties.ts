import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

/** Property decorators for answer DTOs, so each field reads as one line. */

/** Whole won, a JSON integer (exact beyond 2^53: a KrwFigure is written digit for digit). */
export const Krw = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'integer', format: 'int64', example: 50000, description: 'whole won', ...options } as ApiPropertyOptions);

/** A Seoul calendar day, YYYY-MM-DD. */
export const Day = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'string', format: 'date', example: '2025-01-13', ...options } as ApiPropertyOptions);

/** An ISO 8601 instant. */
export const Instant = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'string', format: 'date-time', example: '2025-01-13T09:30:00.000Z', ...options } as ApiPropertyOptions);

/** A string, a number or another JSON value that may be null. */
export const Nullable = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'string', ...options, nullable: true } as ApiPropertyOptions);

/** A JSON object whose shape this document leaves open (a published proof, a signed bundle). */
export const FreeObject = (description: string, options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'object', additionalProperties: true, description, ...options } as ApiPropertyOptions);

/** The mark of every answer that carries a campaign id (RehearsalMark in @goodpay/campaign): true for a rehearsal's. */
export const RehearsalMarkProperty = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'boolean', description: "a rehearsal campaign's: never part of real figures, settlements or payouts", ...options });
