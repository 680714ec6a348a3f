import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';

/** Positions are PostgreSQL bigints: anything above cannot be one, and must not reach a query. */
const MAX_POSITION = 9_223_372_036_854_775_807n;
const IsPosition = (): PropertyDecorator =>
  ValidateBy({
    name: 'isPosition',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_POSITION,
      defaultMessage: () => 'after must be a position returned by a command',
    },
  });

/** `?after=<position>`: wait until the view has applied the caller's own write at that position. */
export class ReadAfterQuery {
  @ApiPropertyOptional({
    description: 'a position from a command response; the answer waits (up to 5 s) until the view includes it',
    example: '42',
  })
  @IsOptional()
  @IsPosition()
  after?: string;
}

/** What every command answers besides its own fields. */
export class CommandAccepted {
  @ApiProperty({ description: 'global position of the last event written; pass it as ?after= to read your own write', example: '42' })
  position!: string;

  @ApiProperty({ description: 'true when this answers a repeated Idempotency-Key with the first result' })
  replayed!: boolean;
}

/** A command's HTTP answer: its own fields, the position to read after, and whether it was a replay. */
export const accepted = <R extends object>(result: { response: R; position: string; replayed: boolean }) => ({
  ...result.response,
  position: result.position,
  replayed: result.replayed,
});
