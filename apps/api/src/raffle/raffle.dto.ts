import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateBy, ValidateNested } from 'class-validator';

export class DeclaredSourceDto {
  @ApiProperty({ enum: ['public_numbers', 'committed_seed'] })
  @IsIn(['public_numbers', 'committed_seed'])
  kind!: 'public_numbers' | 'committed_seed';

  @ApiProperty({ example: 'Lotto 6/45 draw 1154 (2025-02-08)', description: 'what the numbers will be, named before they exist' })
  @IsString()
  @Length(1, 200)
  label!: string;

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
}

const isListsOfDecimals = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.every((list) => Array.isArray(list) && list.length > 0 && list.length <= 100 && list.every((n) => typeof n === 'string' && /^[0-9]{1,80}$/.test(n)));

export class TriggerDrawDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    example: [['7', '14', '21', '33', '40', '45'], ['271828182845904523536']],
    description: 'the numbers each declared source produced, in the declared order (a seed as one decimal number)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateBy({
    name: 'isListsOfDecimals',
    validator: { validate: isListsOfDecimals, defaultMessage: () => 'numbers must be lists of non-negative integers written as decimal strings' },
  })
  numbers!: string[][];
}
