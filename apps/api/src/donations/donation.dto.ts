import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { DONOR_TYPES, type DonorType } from '@goodpay/donation';
import { KRW_LIMITS } from '@goodpay/shared';
import { PageQuery, Won } from '../http/http-params';
import { ReadAfterQuery } from '../http/read-after';

export class DonateCashbackDto {
  @ApiProperty({ example: 10_000, description: 'whole won; with earlier gifts from the same month, at most the cashback reported' })
  @Won(KRW_LIMITS.monthlyCashback)
  amount!: number;

  @ApiPropertyOptional({
    example: 25_000,
    description:
      'the local-currency cashback received for cashbackMonth, as the citizen reports it: the cap with CASHBACK_FIGURES=self-reported (required then); ' +
      "with imported the card issuer's figure is the cap",
  })
  @IsOptional()
  @Won(KRW_LIMITS.monthlyCashback)
  reportedCashback?: number;

  @ApiProperty({ example: '2025-01', description: 'the month the cashback was paid for (YYYY-MM), not after this month' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'cashbackMonth must be a month YYYY-MM' })
  cashbackMonth!: string;

  @ApiProperty({
    example: '9410-1234-5678-4321',
    description:
      "the card number (or its last 4 digits with CASHBACK_FIGURES=self-reported); only the last 4 digits are kept, the card's figures are matched through the personal-data vault's sealed index",
  })
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
  @ApiPropertyOptional({
    enum: ['json', 'html', 'pdf'],
    default: 'json',
    description: 'html: the printable receipt; pdf: the official form as a PDF',
  })
  @IsOptional()
  @IsIn(['json', 'html', 'pdf'])
  format?: 'json' | 'html' | 'pdf';
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
  @ApiProperty({ enum: ['donated', 'pending'], description: "pending: waiting for the card issuer's figure for that card and month" })
  status!: 'donated' | 'pending';
  @ApiProperty() position!: string;
  @ApiProperty() replayed!: boolean;
}

export class DisbursementAccepted {
  @ApiProperty({ format: 'uuid' }) disbursementId!: string;
  @ApiProperty() position!: string;
  @ApiProperty() replayed!: boolean;
}

export class TaxIdentityDto {
  @ApiProperty({
    example: true,
    description:
      'true: the donor agrees to the collection of their resident registration number for tax receipts (purpose, items and retention in docs/donations.md)',
  })
  @IsBoolean()
  agreed!: boolean;

  @ApiProperty({
    example: '홍길동',
    description: 'legal name as on the resident registration; only characters CP949 holds (the NTS file), else 400 invalid_legal_name',
  })
  @IsString()
  @Length(1, 50)
  legalName!: string;

  @ApiProperty({
    example: '900101-1234567',
    description: 'resident registration number (주민등록번호); sealed in the personal-data vault, shown masked 900101-1******',
  })
  @IsString()
  @Length(13, 14)
  residentRegistrationNumber!: string;

  @ApiPropertyOptional({ example: '전북특별자치도 전주시 완산구 노송광장로 10', description: 'address printed on the receipt' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  address?: string;
}

export class RequestTaxReceiptDto {
  @ApiProperty({ example: 2025, description: "the year whose donations the receipt lists (all of the verified person's accounts)" })
  @IsInt()
  @Min(2000)
  @Max(9999)
  year!: number;

  @ApiPropertyOptional({ type: TaxIdentityDto, description: 'needed at the first request, with consent; later requests may leave it out' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaxIdentityDto)
  taxIdentity?: TaxIdentityDto;
}

export class ReceiptChangeDto {
  @ApiProperty({ example: 'the donor corrected their address', description: 'why, kept in the event' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class NtsFileQuery {
  @ApiProperty({ example: 2025 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(9999)
  year!: number;
}

export class TaxReceiptIssuedView {
  @ApiProperty({ format: 'uuid' }) receiptId!: string;
  @ApiProperty() year!: number;
  @ApiProperty() number!: number;
  @ApiProperty({ description: 'whole won' }) total!: number;
}

export class TaxReceiptAccepted {
  @ApiProperty({ type: TaxReceiptIssuedView, nullable: true, description: 'null when every donation of the year is on a receipt already' })
  receipt!: TaxReceiptIssuedView | null;
  @ApiProperty() position!: string;
  @ApiProperty() replayed!: boolean;
}

export class ReceiptChangeAccepted {
  @ApiProperty({ format: 'uuid' }) receiptId!: string;
  @ApiProperty() position!: string;
  @ApiProperty() replayed!: boolean;
}

export class CashbackFiguresForm {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: "the card issuer's monthly cashback file, CSV (UTF-8): card_number,cashback_month,cashback_amount (docs/donations.md)",
  })
  file!: unknown;
}

export class CashbackImportAccepted {
  @ApiProperty({ format: 'uuid' }) importId!: string;
  @ApiProperty() rows!: number;
  @ApiProperty({ description: 'rows whose figure was new or changed' }) imported!: number;
  @ApiProperty({ description: 'rows already on record (the same file again)' }) unchanged!: number;
  @ApiProperty() position!: string;
  @ApiProperty() replayed!: boolean;
}

export class CashbackReportsQuery extends ReadAfterQuery {
  @ApiPropertyOptional({ enum: ['pending', 'donated', 'refused'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'donated', 'refused'])
  status?: 'pending' | 'donated' | 'refused';
}
