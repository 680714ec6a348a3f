import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { AGREEMENT_PURPOSES, type AgreementPurpose, ORGANISATION_KINDS, type OrganisationKind } from '@goodpay/participant';
import { KRW_LIMITS } from '@goodpay/shared';
import { IsCalendarDate, PageOf, PageQuery, Won } from '../http/http-params';
import { CommandAccepted } from '../http/read-after';
import { RehearsalMarkProperty } from '../openapi/properties';

export class RegisterCitizenDto {
  @ApiPropertyOptional({ example: '민지', description: 'a nickname shown in the app, not a legal name' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  displayName?: string;
}

export class RegisterOrganisationDto {
  @ApiProperty({ enum: ORGANISATION_KINDS }) @IsIn(ORGANISATION_KINDS) kind!: OrganisationKind;
  @ApiProperty({ example: '전북중소기업협의회' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: 'user-4711', description: 'the user who answers for the organisation' })
  @IsString()
  @Length(1, 100)
  representativeId!: string;
}

export class PlannedPurposeDto {
  @ApiProperty({ enum: AGREEMENT_PURPOSES, description: 'staff events and meetings, office supplies, rent' })
  @IsIn(AGREEMENT_PURPOSES)
  purpose!: AgreementPurpose;

  @ApiProperty({ example: 3_000_000, description: 'whole won planned for the campaign' })
  @Won(KRW_LIMITS.organisationPlan)
  plannedAmount!: number;
}

export class SignAgreementDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() campaignId!: string;

  @ApiProperty({ type: [PlannedPurposeDto], description: 'each purpose at most once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(AGREEMENT_PURPOSES.length)
  @ValidateNested({ each: true })
  @Type(() => PlannedPurposeDto)
  purposes!: PlannedPurposeDto[];

  @ApiProperty({ example: '2025-01-09', description: 'the day it was signed; not in the future' }) @IsCalendarDate() signedOn!: string;
}

export class OrganisationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS }) @IsOptional() @IsIn(ORGANISATION_KINDS) kind?: OrganisationKind;
  @ApiPropertyOptional({ description: 'part of the name, any case' }) @IsOptional() @IsString() @Length(1, 100) search?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'only those that signed for this campaign' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;
}

export class AgreementListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organisationId?: string;
}

export class CitizenAccepted extends CommandAccepted {
  @ApiProperty({ description: 'your user id' }) citizenId!: string;
}

export class OrganisationAccepted extends CommandAccepted {
  @ApiProperty({ format: 'uuid', description: "also the subject of the organisation's own tokens" }) organisationId!: string;
}

export class AgreementAccepted extends OrganisationAccepted {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
}

export class CitizenResponse {
  @ApiProperty() citizenId!: string;
  @ApiProperty({ nullable: true, type: String }) displayName!: string | null;
}

export class OrganisationResponse {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty() representativeId!: string;
  @ApiProperty() registeredAt!: string;
  @ApiProperty({ description: 'campaigns it signed an agreement for' }) agreementCount!: number;
}

export class AgreementResponse {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiProperty({ type: [PlannedPurposeDto] }) purposes!: PlannedPurposeDto[];
  @ApiProperty({ description: 'all purposes together, whole won' }) plannedAmount!: number;
  @ApiProperty() signedOn!: string;
  @ApiProperty() recordedAt!: string;
}

export class OrganisationDetailResponse extends OrganisationResponse {
  @ApiProperty({ type: [AgreementResponse] }) agreements!: AgreementResponse[];
}

export const OrganisationPage = PageOf(OrganisationResponse, 'OrganisationPage');
export const AgreementPage = PageOf(AgreementResponse, 'AgreementPage');
