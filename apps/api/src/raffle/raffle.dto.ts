import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

export class DeclaredSourceDto {
  @ApiProperty({
    enum: ['drand', 'lotto645', 'committed_seed'],
    description: 'drand: the quicknet round first produced after the freeze (computed); lotto645: a draw dated after the freeze',
  })
  @IsIn(['drand', 'lotto645', 'committed_seed'])
  kind!: 'drand' | 'lotto645' | 'committed_seed';

  @ApiProperty({ required: false, example: 'office seed', description: 'for people; required for committed_seed, generated otherwise' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  label?: string;

  @ApiProperty({ required: false, example: 1210, description: 'for lotto645: the draw number (draw 1 was 2002-12-07, one every Saturday)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  drawNumber?: number;

  @ApiProperty({ required: false, description: 'for committed_seed: SHA-256 (lowercase hex) of the seed, published now' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/)
  seedSha256?: string;
}

export class DeclareRandomnessDto {
  @ApiProperty({ type: [DeclaredSourceDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => DeclaredSourceDto)
  sources!: DeclaredSourceDto[];

  @ApiProperty({
    required: false,
    example: '2025-02-03T03:00:00Z',
    description: 'when the worker freezes the list (from the end of the round to 30 days after; default: the end of its last day, Seoul)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  freezeAt?: string;
}

/**
 * Decimal numbers, hex signatures or a text seed: printable ASCII without the key string's
 * separators. An empty list takes a drand beacon the worker recorded (any other empty list is
 * refused by the round decider).
 */
const isListsOfDecimals = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.every(
    (list) =>
      Array.isArray(list) && list.length <= 100 && list.every((n) => typeof n === 'string' && /^[\x20-\x2d\x30-\x7e]{1,200}$/.test(n)),
  );

export class TriggerDrawDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    example: [
      ['7', '14', '21', '33', '40', '45', '2'],
      ['b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39'],
      ['271828182845904523536'],
    ],
    description:
      'what each declared source produced, in the declared order: a Lotto draw as its six numbers then the bonus, a drand round as its signature (hex; then the previous signature on a chained scheme) or [] to take the beacon the worker fetched and verified, a seed as one value',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateBy({
    name: 'isListsOfDecimals',
    validator: { validate: isListsOfDecimals, defaultMessage: () => 'numbers must be lists of decimal or hex strings' },
  })
  numbers!: string[][];
}
