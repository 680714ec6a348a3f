import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  MAX_VALIDITY_DAYS,
  MIN_VALIDITY_DAYS,
  RAFFLE_RULE_LIMITS,
  REGION_KINDS,
  type RegionKind,
  SHOP_CLOSURE_APPROVALS,
  type ShopClosureApproval,
} from '@goodpay/campaign';
import { KRW_LIMITS } from '@goodpay/shared';
import { IsCalendarDate, PageOf, PageQuery, Won } from '../http/http-params';
import { RehearsalMarkProperty } from '../openapi/properties';

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

/**
 * Left out: Jeonbuk's raffle (100,000 won minimum, 20,000 won prizes, 3,000,000 won); no rounds,
 * no raffle. The rules (earlier winners, confirmation deadline, retention) are fixed here, at
 * creation, and published in every round document.
 */
export class RaffleDto {
  @ApiPropertyOptional({ example: 100_000 }) @IsOptional() @Won(KRW_LIMITS.raffleCertifiedAmount) minimumCertifiedAmount?: number;
  @ApiPropertyOptional({ example: 20_000 }) @IsOptional() @Won(KRW_LIMITS.rafflePrize) prize?: number;
  @ApiPropertyOptional({ example: 3_000_000, description: 'a whole number of prizes' })
  @IsOptional()
  @Won(KRW_LIMITS.raffleBudget)
  budget?: number;
  @ApiPropertyOptional({ type: [RoundDto] }) @IsOptional() @Rounds() rounds?: RoundDto[];
  @ApiPropertyOptional({ example: true, description: 'a winner of an earlier round does not enter later ones (default true)' })
  @IsOptional()
  @IsBoolean()
  excludeEarlierWinners?: boolean;
  @ApiPropertyOptional({
    example: 14,
    minimum: RAFFLE_RULE_LIMITS.confirmationDeadlineDays.min,
    maximum: RAFFLE_RULE_LIMITS.confirmationDeadlineDays.max,
    description: 'days a winner has to confirm before the prize goes to the next on the waiting list (default 14)',
  })
  @IsOptional()
  @IsInt()
  @Min(RAFFLE_RULE_LIMITS.confirmationDeadlineDays.min)
  @Max(RAFFLE_RULE_LIMITS.confirmationDeadlineDays.max)
  confirmationDeadlineDays?: number;
  @ApiPropertyOptional({
    example: 180,
    minimum: RAFFLE_RULE_LIMITS.personalDataRetentionDays.min,
    maximum: RAFFLE_RULE_LIMITS.personalDataRetentionDays.max,
    description:
      "days after the last round after which everyone's raffle personal data is destroyed; at least the confirmation deadline (default 180)",
  })
  @IsOptional()
  @IsInt()
  @Min(RAFFLE_RULE_LIMITS.personalDataRetentionDays.min)
  @Max(RAFFLE_RULE_LIMITS.personalDataRetentionDays.max)
  personalDataRetentionDays?: number;
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

/** How prepayers of a shop that closes or is suspended are compensated. Left out: 100%, approved at once. */
export class ShopClosureDto {
  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 100, description: 'share of the remaining balance refunded' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  refundPercent?: number;
  @ApiPropertyOptional({ enum: SHOP_CLOSURE_APPROVALS, description: 'automatic: refunded at once; staff: waits for approval' })
  @IsOptional()
  @IsIn(SHOP_CLOSURE_APPROVALS)
  approval?: ShopClosureApproval;
}

/** The prepaid-certificate terms the campaign promises (docs/campaign-office.md). Left out: the standard terms' defaults. */
export class PrepaidTermsDto {
  @ApiPropertyOptional({
    example: 1825,
    minimum: MIN_VALIDITY_DAYS,
    maximum: MAX_VALIDITY_DAYS,
    description: 'days usable after the purchase day',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_VALIDITY_DAYS)
  @Max(MAX_VALIDITY_DAYS)
  validityDays?: number;
  @ApiPropertyOptional({ example: true, description: "a balance may still be used after the campaign's end" })
  @IsOptional()
  @IsBoolean()
  keepAfterCampaignEnd?: boolean;
  @ApiPropertyOptional({ type: ShopClosureDto }) @IsOptional() @Nested(() => ShopClosureDto) shopClosure?: ShopClosureDto;
}

/** A rehearsal campaign: its own clock, kept out of every real figure, settlement and payout. */
export class RehearsalDto {
  @ApiPropertyOptional({
    example: '2026-01-12T09:00:00+09:00',
    description: "where the rehearsal's clock starts (the real time if left out); it then moves only forward",
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  clockAt?: string;
}

export class CreateCampaignDto {
  @ApiProperty({ example: '전북 착한 선결제 2025' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ type: RegionDto }) @Nested(() => RegionDto) region!: RegionDto;
  @ApiProperty({ example: '2025-01-13' }) @IsCalendarDate() startsOn!: string;
  @ApiProperty({ example: '2025-02-28' }) @IsCalendarDate() endsOn!: string;
  @ApiPropertyOptional({ type: BoundsDto }) @IsOptional() @Nested(() => BoundsDto) bounds?: BoundsDto;
  @ApiPropertyOptional({ type: RaffleDto }) @IsOptional() @Nested(() => RaffleDto) raffle?: RaffleDto;
  @ApiProperty({ type: TargetDto }) @Nested(() => TargetDto) participationTarget!: TargetDto;
  @ApiPropertyOptional({ type: PrepaidTermsDto }) @IsOptional() @Nested(() => PrepaidTermsDto) prepaidTerms?: PrepaidTermsDto;
  @ApiPropertyOptional({ type: RehearsalDto, description: 'makes it a rehearsal (cannot be changed later)' })
  @IsOptional()
  @Nested(() => RehearsalDto)
  rehearsal?: RehearsalDto;
}

export class AdvanceRehearsalClockDto {
  @ApiProperty({ example: '2026-02-03T00:00:00+09:00', description: "an instant later than the rehearsal's now" })
  @IsISO8601({ strict: true })
  to!: string;
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
  @ApiPropertyOptional({ description: 'only rehearsals (true) or only real campaigns (false); both when left out' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  rehearsal?: boolean;
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
  @ApiProperty() excludeEarlierWinners!: boolean;
  @ApiProperty() confirmationDeadlineDays!: number;
  @ApiProperty() personalDataRetentionDays!: number;
}

class RehearsalClockResponse {
  @ApiProperty({ description: 'how far the rehearsal clock is from the real time' }) clockOffsetMs!: number;
  @ApiProperty({ description: "the rehearsal's now, when answered" }) now!: string;
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
  @ApiProperty({ type: PrepaidTermsDto, description: 'the prepaid-certificate terms it promises (all fields present)' })
  prepaidTerms!: PrepaidTermsDto;
  @ApiProperty({ type: [Number], description: 'rounds whose draw is recorded: never changed again' }) roundsDrawn!: number[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiProperty({ type: RehearsalClockResponse, nullable: true }) rehearsal!: RehearsalClockResponse | null;
}

export const CampaignPage = PageOf(CampaignResponse, 'CampaignPage');
