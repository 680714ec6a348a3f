import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { ReadAfterQuery } from '../http/read-after';

/**
 * Each item must be given separately and be `true`; a missing or false item is refused with
 * consent_required, naming the items (checked by the raffle, not here, so the code is stable).
 */
export class ConsentDto {
  @ApiProperty({ example: 'raffle-consent-2025-01', description: 'version of the consent text shown' })
  @IsString()
  @Length(1, 50)
  version!: string;

  @ApiProperty({ description: 'agrees to the purpose of collection and use' }) @IsOptional() @IsBoolean() purpose?: boolean;
  @ApiProperty({ description: 'agrees to the items collected (name, phone, receipt)' }) @IsOptional() @IsBoolean() itemsCollected?: boolean;
  @ApiProperty({ description: 'agrees to the retention period' }) @IsOptional() @IsBoolean() retentionPeriod?: boolean;
  @ApiProperty({ description: 'was told of the right to refuse' }) @IsOptional() @IsBoolean() rightToRefuse?: boolean;
}

export class InSystemCertificationDto {
  @ApiProperty({ example: '홍길동' }) @IsString() @MaxLength(50) name!: string;
  @ApiProperty({ example: '010-1234-5678' }) @IsString() @MaxLength(30) phone!: string;
  @ApiProperty({ type: ConsentDto }) @ValidateNested() @Type(() => ConsentDto) consent!: ConsentDto;
  @ApiProperty({ description: 'a prepayment you made on the platform in this campaign' }) @IsUUID() prepaymentId!: string;
}

export class ReceiptCertificationForm {
  @ApiProperty({ type: 'string', format: 'binary', description: 'JPEG, PNG, WebP or HEIC, at most 10 MiB (checked by content)' })
  photo!: unknown;
  @ApiProperty() name!: string;
  @ApiProperty() phone!: string;
  @ApiProperty() consentVersion!: string;
  @ApiProperty({ enum: ['true'] }) consentPurpose!: string;
  @ApiProperty({ enum: ['true'] }) consentItemsCollected!: string;
  @ApiProperty({ enum: ['true'] }) consentRetentionPeriod!: string;
  @ApiProperty({ enum: ['true'] }) consentRightToRefuse!: string;
  @ApiProperty({ description: 'whole won' }) amount!: string;
  @ApiProperty() shopName!: string;
  @ApiProperty({ example: '2025-01-20', description: 'the day on the receipt' }) paidOn!: string;
}

export class RejectCertificationDto {
  @ApiProperty({ example: 'the receipt is unreadable' }) @IsString() @Length(1, 500) reason!: string;
}

export class PendingQuery extends ReadAfterQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() campaignId?: string;
}
