import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PAYOUT_STATUSES, type PayoutStatus } from '@goodpay/settlement';
import { IsCalendarDate, PageQuery, WithDayRange } from '../http/http-params';
import { CommandAccepted, ReadAfterQuery } from '../http/read-after';

export class SettlementListQuery extends WithDayRange(PageQuery) {
  @ApiPropertyOptional({ format: 'uuid', description: 'one shop only' })
  @IsOptional()
  @IsUUID()
  merchantId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "one rehearsal campaign's settlements (never paid out); the real ones when left out",
  })
  @IsOptional()
  @IsUUID()
  rehearsalCampaignId?: string;
}

export class ReconciliationQuery extends ReadAfterQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "one rehearsal campaign's day; the real day when left out" })
  @IsOptional()
  @IsUUID()
  rehearsalCampaignId?: string;
}

export class SettlementDayParam {
  @ApiProperty({ example: '2025-01-13', description: 'a Seoul calendar day' })
  @IsCalendarDate()
  day!: string;
}

export class PayoutListQuery extends ReadAfterQuery {
  @ApiPropertyOptional({ enum: PAYOUT_STATUSES })
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatus;
}

export class SettlementRunQueued extends CommandAccepted {
  @ApiProperty({ example: '2025-01-13' }) day!: string;
  @ApiProperty({ example: 'settle-day.2025-01-13', description: 'derived from the day: a repeat while it waits is the same job' })
  jobId!: string;
}

export class PayoutRetryAccepted extends CommandAccepted {
  @ApiProperty({ format: 'uuid' }) settlementId!: string;
  @ApiProperty({ description: 'the new round of transfer attempts' }) round!: number;
}
