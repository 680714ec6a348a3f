import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { EXPORT_FORMATS, EXPORT_KINDS, type ExportFormat, type ExportKind } from '@goodpay/office-export';
import { IsCalendarDate } from '../http/http-params';
import { RehearsalMarkProperty } from '../openapi/properties';

export class RequestExportDto {
  @ApiProperty({ enum: EXPORT_KINDS }) @IsIn(EXPORT_KINDS) kind!: ExportKind;
  @ApiProperty({ enum: EXPORT_FORMATS, description: 'xlsx, or csv (UTF-8 with a byte-order mark, so Excel reads Korean)' })
  @IsIn(EXPORT_FORMATS)
  format!: ExportFormat;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for dashboard, prepayments and raffle-winners' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  campaignId?: string;
  @ApiProperty({ example: '2025-01-13', description: 'first Seoul calendar day, included' }) @IsCalendarDate() from!: string;
  @ApiProperty({ example: '2025-02-28', description: 'last Seoul calendar day, included (at most 366 days)' })
  @IsCalendarDate()
  to!: string;
}

export class ExportAccepted {
  @ApiProperty({ format: 'uuid' }) exportId!: string;
  @ApiProperty({ example: '42' }) position!: string;
  @ApiProperty() replayed!: boolean;
}

class ExportRequestView {
  @ApiProperty({ enum: EXPORT_KINDS }) kind!: string;
  @ApiProperty({ enum: EXPORT_FORMATS }) format!: string;
  @ApiProperty({ nullable: true, type: String }) campaignId!: string | null;
  @RehearsalMarkProperty({ description: "a rehearsal campaign's export: the file is marked [리허설] above everything" })
  isRehearsal!: boolean;
  @ApiProperty({ example: '2025-01-13' }) from!: string;
  @ApiProperty({ example: '2025-02-28' }) to!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() requestedAt!: string;
}

export class ExportStatusResponse {
  @ApiProperty({ format: 'uuid' }) exportId!: string;
  @ApiProperty({ enum: ['pending', 'ready', 'failed'] }) status!: string;
  @ApiProperty({ type: ExportRequestView }) request!: ExportRequestView;
  @ApiProperty({ nullable: true, type: String }) fileName!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'data rows (without title, header and totals)' }) rows!: number | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: String }) completedAt!: string | null;
}
