import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { ReadAfterQuery } from '../http/read-after';

export class VoucherDto {
  @ApiProperty({ enum: ['code', 'issuer_reference'] }) @IsIn(['code', 'issuer_reference']) kind!: 'code' | 'issuer_reference';
  @ApiPropertyOptional({ example: 'ONNURI-2025-000123', description: 'for kind code: 4-64 letters, digits, -' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  code?: string;
  @ApiPropertyOptional({ description: "for kind issuer_reference: the issuer's reference" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reference?: string;
}

export class AddVouchersDto {
  @ApiProperty({ type: [VoucherDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => VoucherDto)
  vouchers!: VoucherDto[];
}

export class DisqualifyDto {
  @ApiPropertyOptional({ example: 'the receipt was forged' }) @IsOptional() @IsString() @Length(1, 500) note?: string;
}

export class CampaignQuery extends ReadAfterQuery {
  @ApiProperty() @IsUUID() campaignId!: string;
}
