import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { CSV_ENCODINGS, type CsvEncoding, type PayoutFileFormat } from '@goodpay/settlement';
import { CommandAccepted } from '../http/read-after';

/** Checked again, strictly, by the settlement context (bank code list, digits, holder rule). */
export class RegisterPayoutAccountDto {
  @ApiProperty({ example: '088', description: 'three-digit Korean financial institution code (GET /payout-banks)' })
  @IsString()
  @Length(3, 3)
  bankCode!: string;

  @ApiProperty({ example: '110-123-456789', description: '10 to 14 digits; dashes and spaces are ignored' })
  @IsString()
  @Length(10, 20)
  accountNumber!: string;

  @ApiProperty({
    example: '홍길동(맛있는국수)',
    description: "the account holder as the bank prints it: the shop's business name, or 대표자(상호)",
  })
  @IsString()
  @Length(1, 60)
  holderName!: string;
}

export class PayoutAccountAnswer extends CommandAccepted {
  @ApiProperty({ format: 'uuid' }) merchantId!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ example: '088' }) bankCode!: string;
  @ApiProperty({ example: '신한은행' }) bankName!: string;
  @ApiProperty({ example: '********6789' }) accountNumberMasked!: string;
  @ApiProperty({ example: '홍*******수)', description: 'each word masked as lists show names' }) holderNameMasked!: string;
  @ApiProperty() verified!: boolean;
}

export class CreatePayoutFileDto {
  @ApiProperty({ example: '037', description: "the bank the campaign office pays from: the file goes to that bank's bulk-transfer upload" })
  @IsString()
  @Length(3, 3)
  senderBankCode!: string;
}

export class PayoutFileAccepted extends CommandAccepted {
  @ApiProperty({ format: 'uuid' }) fileId!: string;
  @ApiProperty({ description: 'rows (payouts) in the file' }) count!: number;
  @ApiProperty({ example: '1250000', description: 'the sum of the rows in won, as decimal digits (may pass 2^53)' }) total!: string;
  @ApiProperty({ description: 'payouts left for a later file: their shop has no verified settlement account yet' })
  waitingForAccount!: number;
}

export class PayoutFileQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: PayoutFileFormat;

  @ApiPropertyOptional({ enum: CSV_ENCODINGS, default: 'utf-8', description: 'CSV only: UTF-8 with a byte-order mark, or EUC-KR' })
  @IsOptional()
  @IsIn(CSV_ENCODINGS)
  encoding?: CsvEncoding;
}

export class PayoutResultForm {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: "the bank's result file, CSV (UTF-8 or EUC-KR) or XLSX, in the layout of docs/payouts.md",
  })
  file!: unknown;
}
