import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DONOR_TYPES, type DonorType } from '@goodpay/donation';
import { KRW_LIMITS } from '@goodpay/shared';
import { PageQuery, Won } from '../http/http-params';
import { ReadAfterQuery } from '../http/read-after';

export class DonateCashbackDto {
  @ApiProperty({ example: 10_000, description: 'whole won; with earlier gifts from the same month, at most the cashback reported' })
  @Won(KRW_LIMITS.monthlyCashback)
  amount!: number;

  @ApiProperty({ example: 25_000, description: 'the local-currency cashback received for cashbackMonth, as the citizen reports it' })
  @Won(KRW_LIMITS.monthlyCashback)
  reportedCashback!: number;

  @ApiProperty({ example: '2025-01', description: 'the month the cashback was paid for (YYYY-MM), not after this month' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'cashbackMonth must be a month YYYY-MM' })
  cashbackMonth!: string;

  @ApiProperty({ example: '9410-1234-5678-4321', description: 'the card number or its last 4 digits; only the last 4 digits are kept' })
  @IsString()
  @Length(4, 40)
  cardReference!: string;
}

export class DisburseDto {
  @ApiProperty({ example: '홀몸 어르신 따뜻한 한 끼', description: 'the welfare project' })
  @IsString()
  @Length(1, 200)
  project!: string;

  @ApiProperty({ example: 500_000, description: 'whole won, at most the balance' })
  @Won(KRW_LIMITS.chestDisbursement)
  amount!: number;
}

export class ReceiptRunDto {
  @ApiProperty({ example: 2025, description: 'the year whose donations get receipts' })
  @IsInt()
  @Min(2000)
  @Max(9999)
  year!: number;

  @ApiPropertyOptional({ enum: DONOR_TYPES, description: 'with donorId: one donor only' })
  @ValidateIf((dto: ReceiptRunDto) => dto.donorId !== undefined || dto.donorType !== undefined)
  @IsIn(DONOR_TYPES)
  donorType?: DonorType;

  @ApiPropertyOptional({ description: "a citizen's user id or a merchant id" })
  @ValidateIf((dto: ReceiptRunDto) => dto.donorId !== undefined || dto.donorType !== undefined)
  @IsString()
  @Length(1, 200)
  donorId?: string;
}

export class ReceiptQuery extends ReadAfterQuery {
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json', description: 'html: the printable receipt' })
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: 'json' | 'html';
}

export class FiguresQuery {
  @ApiPropertyOptional({ example: 2025, description: 'one year only' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(9999)
  year?: number;
}

export class ChestLedgerQuery extends PageQuery {}

export class DonationAccepted {
  @ApiProperty({ format: 'uuid' }) donationId!: string;
  @ApiProperty() position!: string;
  @ApiProperty() replayed!: boolean;
}

export class DisbursementAccepted {
  @ApiProperty({ format: 'uuid' }) disbursementId!: string;
  @ApiProperty() position!: string;
  @ApiProperty() replayed!: boolean;
}
