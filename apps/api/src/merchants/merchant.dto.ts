import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import {
  DONATION_PLEDGE_BASIS_POINTS,
  type DonationPledgeBasisPoints,
  MERCHANT_CATEGORIES,
  type MerchantCategory,
  type MerchantStatus,
} from '@goodpay/merchant';
import { PageOf, PageQuery } from '../http/http-params';

const MERCHANT_STATUSES: MerchantStatus[] = ['pending', 'approved', 'rejected', 'suspended', 'closed'];

export class RegisterMerchantDto {
  @ApiProperty({ example: '한옥 국수' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: MERCHANT_CATEGORIES }) @IsIn(MERCHANT_CATEGORIES) category!: MerchantCategory;
  @ApiProperty({ example: '완산구' }) @IsString() @Length(1, 100) district!: string;
  @ApiProperty({ example: '123-45-67891', description: '10 digits, bare or dashed 3-2-5, with a valid check digit; registered once' })
  @IsString()
  @Length(10, 12)
  businessRegistrationNumber!: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'customer complaints', description: 'kept and shown to the owner' }) @IsString() @Length(1, 500) reason!: string;
}

export class CloseMerchantDto {
  @ApiPropertyOptional({ example: 'retiring' }) @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

export class DonationPledgeDto {
  @ApiProperty({ enum: DONATION_PLEDGE_BASIS_POINTS, description: 'basis points of sales: 0 (none), 100 (1%), 300 (3%), 500 (5%)' })
  @IsIn(DONATION_PLEDGE_BASIS_POINTS)
  basisPoints!: DonationPledgeBasisPoints;
}

export class MerchantListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MERCHANT_CATEGORIES }) @IsOptional() @IsIn(MERCHANT_CATEGORIES) category?: MerchantCategory;
  @ApiPropertyOptional({ example: '완산구' }) @IsOptional() @IsString() @Length(1, 100) district?: string;
  @ApiPropertyOptional({ example: 'noodle', description: 'part of the name, any case' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string;
  @ApiPropertyOptional({ enum: MERCHANT_STATUSES, description: 'staff only: others see approved shops' })
  @IsOptional()
  @IsIn(MERCHANT_STATUSES)
  status?: MerchantStatus;
}

export class MerchantAccepted {
  @ApiProperty({ format: 'uuid' }) merchantId!: string;
  @ApiProperty({ example: '42' }) position!: string;
  @ApiProperty() replayed!: boolean;
}

export class PublicMerchantResponse {
  @ApiProperty({ format: 'uuid' }) merchantId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: MERCHANT_CATEGORIES }) category!: string;
  @ApiProperty() district!: string;
  @ApiProperty({ description: 'pledges part of its sales to the community chest' }) donationAngel!: boolean;
}

/** The owner and staff see every field; others the public ones of an approved shop. */
export class MerchantResponse extends PublicMerchantResponse {
  @ApiPropertyOptional() ownerId?: string;
  @ApiPropertyOptional({ example: '1234567891' }) businessRegistrationNumber?: string;
  @ApiPropertyOptional({ enum: MERCHANT_STATUSES }) status?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) statusReason?: string | null;
  @ApiPropertyOptional({ enum: DONATION_PLEDGE_BASIS_POINTS }) donationPledgeBasisPoints?: number;
  @ApiPropertyOptional() registeredAt?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) closedOn?: string | null;
  @ApiPropertyOptional() updatedAt?: string;
}

export const MerchantPage = PageOf(MerchantResponse, 'MerchantPage');
