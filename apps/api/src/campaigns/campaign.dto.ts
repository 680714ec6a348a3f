import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Max,
  ValidateNested,
} from 'class-validator';
import { REGION_KINDS, type RegionKind } from '@goodpay/campaign';
import { KRW_LIMITS } from '@goodpay/shared';
import { IsCalendarDate, PageOf, PageQuery, Won } from '../http/http-params';

export class RegionDto {
  @ApiProperty({ enum: REGION_KINDS }) @IsIn(REGION_KINDS) kind!: RegionKind;
  @ApiProperty({ example: 'Jeonbuk' }) @IsString() @Length(1, 100) name!: string;
}

/** Left out: DOMAIN.md's defaults (100,000 to 300,000 won, 300,000 a month, organisations 10,000,000). */
export class BoundsDto {
  @ApiPropertyOptional({ example: 100_000 }) @IsOptional() @Won(KRW_LIMITS.campaignPrepaymentSetting) minPerPrepayment?: number;
  @ApiPropertyOptional({ example: 300_000 }) @IsOptional() @Won(KRW_LIMITS.campaignPrepaymentSetting) maxPerPrepayment?: number;
  @ApiPropertyOptional({ example: 300_000 }) @IsOptional() @Won(KRW_LIMITS.campaignPrepaymentSetting) maxPerPersonPerMonth?: number;
  @ApiPropertyOptional({ example: 10_000_000 })
  @IsOptional()
  @Won(KRW_LIMITS.campaignPrepaymentSetting)
  organisationMaxPerPrepayment?: number;
}

export class RoundDto {
  @ApiProperty({ example: 1, description: '1, 2, 3... in date order' }) @IsInt() @IsPositive() @Max(1000) number!: number;
  @ApiProperty({ example: '2025-01-13' }) @IsCalendarDate() startsOn!: string;
  @ApiProperty({ example: '2025-02-02' }) @IsCalendarDate() endsOn!: string;
}

const Rounds = (): PropertyDecorator => (target, key) => {
  IsArray()(target, key);
  ArrayMaxSize(100)(target, key);
  ValidateNested({ each: true })(target, key);
  Type(() => RoundDto)(target, key);
};

/** Left out: Jeonbuk's raffle (100,000 won minimum, 20,000 won prizes, 3,000,000 won); no rounds, no raffle. */
export class RaffleDto {
  @ApiPropertyOptional({ example: 100_000 }) @IsOptional() @Won(KRW_LIMITS.raffleCertifiedAmount) minimumCertifiedAmount?: number;
  @ApiPropertyOptional({ example: 20_000 }) @IsOptional() @Won(KRW_LIMITS.rafflePrize) prize?: number;
  @ApiPropertyOptional({ example: 3_000_000, description: 'a whole number of prizes' })
  @IsOptional()
  @Won(KRW_LIMITS.raffleBudget)
  budget?: number;
  @ApiPropertyOptional({ type: [RoundDto] }) @IsOptional() @Rounds() rounds?: RoundDto[];
}

export class TargetDto {
  @ApiProperty({ example: 50_000 }) @IsInt() @IsPositive() @Max(Number.MAX_SAFE_INTEGER) participants!: number;
  @ApiProperty({ example: 5_000_000_000, description: 'whole won brought forward' }) @Won(KRW_LIMITS.campaignTarget) amount!: number;
}

export class PartialTargetDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @IsPositive() @Max(Number.MAX_SAFE_INTEGER) participants?: number;
  @ApiPropertyOptional() @IsOptional() @Won(KRW_LIMITS.campaignTarget) amount?: number;
}

const Nested =
  (type: () => new () => object): PropertyDecorator =>
  (target, key) => {
    IsObject()(target, key);
    ValidateNested()(target, key);
    Type(type)(target, key);
  };

export class CreateCampaignDto {
  @ApiProperty({ example: '전북 착한 선결제 2025' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ type: RegionDto }) @Nested(() => RegionDto) region!: RegionDto;
  @ApiProperty({ example: '2025-01-13' }) @IsCalendarDate() startsOn!: string;
  @ApiProperty({ example: '2025-02-28' }) @IsCalendarDate() endsOn!: string;
  @ApiPropertyOptional({ type: BoundsDto }) @IsOptional() @Nested(() => BoundsDto) bounds?: BoundsDto;
  @ApiPropertyOptional({ type: RaffleDto }) @IsOptional() @Nested(() => RaffleDto) raffle?: RaffleDto;
  @ApiProperty({ type: TargetDto }) @Nested(() => TargetDto) participationTarget!: TargetDto;
}

/** What is given replaces what the campaign has. Dates change only by extending. */
export class ChangeCampaignDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ type: BoundsDto }) @IsOptional() @Nested(() => BoundsDto) bounds?: BoundsDto;
  @ApiPropertyOptional({ type: PartialTargetDto }) @IsOptional() @Nested(() => PartialTargetDto) participationTarget?: PartialTargetDto;
}

export class ExtendCampaignDto {
  @ApiProperty({ example: '2025-06-30', description: 'a later last day' }) @IsCalendarDate() endsOn!: string;
  @ApiPropertyOptional({
    type: [RoundDto],
    description: 'the whole new list: current rounds unchanged but the last, which may end later if not drawn, then new ones',
  })
  @IsOptional()
  @Rounds()
  rounds?: RoundDto[];
}

export class CloseCampaignDto {
  @ApiProperty({ example: 'budget spent' }) @IsString() @Length(1, 500) reason!: string;
}

export class CampaignListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
  @ApiPropertyOptional({ enum: REGION_KINDS }) @IsOptional() @IsIn(REGION_KINDS) regionKind?: RegionKind;
  @ApiPropertyOptional({ example: 'Jeonbuk', description: 'exact region name' }) @IsOptional() @IsString() @Length(1, 100) region?: string;
  @ApiPropertyOptional({ example: '2025-02-01', description: 'open and running on that Seoul day' })
  @IsOptional()
  @IsCalendarDate()
  activeOn?: string;
}

export class CampaignAccepted {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ example: '42' }) position!: string;
  @ApiProperty() replayed!: boolean;
}

class RaffleResponse {
  @ApiProperty() minimumCertifiedAmount!: number;
  @ApiProperty() prize!: number;
  @ApiProperty() budget!: number;
  @ApiProperty({ type: [RoundDto] }) rounds!: RoundDto[];
}

export class CampaignResponse {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: RegionDto }) region!: RegionDto;
  @ApiProperty({ example: '2025-01-13' }) startsOn!: string;
  @ApiProperty({ example: '2025-02-28' }) endsOn!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) closedOn!: string | null;
  @ApiProperty({ type: BoundsDto }) bounds!: BoundsDto;
  @ApiProperty({ type: RaffleResponse }) raffle!: RaffleResponse;
  @ApiProperty({ type: TargetDto }) participationTarget!: TargetDto;
  @ApiProperty({ type: [Number], description: 'rounds whose draw is recorded: never changed again' }) roundsDrawn!: number[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export const CampaignPage = PageOf(CampaignResponse, 'CampaignPage');
