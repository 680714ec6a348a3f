import { applyDecorators, Param, ParseUUIDPipe, type Type as ClassType } from '@nestjs/common';
import { ApiParam, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsPositive, Max, Min, ValidateBy } from 'class-validator';
import { isCalendarDate } from '@goodpay/shared';
import { MAX_PAGE_SIZE } from '@goodpay/event-store';
import { InvalidInputError, type KrwLimit } from '@goodpay/shared';
import { NotFound, Problems } from '../openapi/answers';
import { ReadAfterQuery } from './read-after';

/** Validation pieces every feature's DTOs and routes share: ids, money, dates, pages. */

/** A path id that is not a UUID names nothing: 400 invalid_id, before any lookup. */
export const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new InvalidInputError('the id in the path must be a UUID', undefined, 'invalid_id'),
});

/**
 * Whole won, positive, at most the domain maximum of this kind of money (KRW_LIMITS, the one
 * table the deciders check too): money is never fractional, and never unbounded.
 */
export const Won =
  (limit: KrwLimit): PropertyDecorator =>
  (target, key) => {
    IsInt({ message: `${String(key)} must be a whole number of won` })(target, key);
    IsPositive({ message: `${String(key)} must be more than 0 won` })(target, key);
    Max(limit.max, { message: `${String(key)} must be at most ${limit.max} won (${limit.name})` })(target, key);
  };

/** A real calendar day written YYYY-MM-DD (2025-02-30 is refused). */
export const IsCalendarDate = (): PropertyDecorator =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: { validate: isCalendarDate, defaultMessage: (args) => `${args?.property} must be a calendar date YYYY-MM-DD` },
  });

/** Adds `?from=&to=` (Seoul days, both included, either may be left open) to a query class. */
export function WithDayRange<Base extends ClassType<object>>(base: Base) {
  class DayRangeQuery extends base {
    @ApiPropertyOptional({ example: '2025-01-13', description: 'first Seoul day, included' })
    @IsOptional()
    @IsCalendarDate()
    from?: string;

    @ApiPropertyOptional({ example: '2025-02-27', description: 'last Seoul day, included' })
    @IsOptional()
    @IsCalendarDate()
    to?: string;
  }
  return DayRangeQuery;
}

/** `?limit=&offset=` and `?after=` for list queries. */
export class PageQuery extends ReadAfterQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

/** The OpenAPI schema of a page of `item`s. */
export function PageOf<T>(item: ClassType<T>, name: string): ClassType<unknown> {
  class Page {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ description: 'how many match, over all pages' }) total!: number;
    @ApiProperty() limit!: number;
    @ApiProperty() offset!: number;
  }
  Object.defineProperty(Page, 'name', { value: name });
  return Page;
}

/** 404 problem+json with the thing's `<thing>_not_found` code. */
export const ApiNotFound = (thing: string) => NotFound(thing);

/** `@IdParam('id') id: string`: the path value `name`, a UUID (else 400 invalid_id), documented as one. */
export const IdParam =
  (name: string): ParameterDecorator =>
  (target, key, index) => {
    Param(name, uuidParam)(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
    // A campaign named in the path may not exist, whatever the route does with it.
    const notFound = name === 'campaignId' ? ['campaign_not_found'] : [];
    applyDecorators(ApiParam({ name, format: 'uuid', type: 'string' }), Problems({ 400: ['invalid_id'], 404: notFound }))(
      target,
      key,
      descriptor,
    );
  };
