import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { KRW_LIMITS } from '@goodpay/shared';
import { WithDayRange, Won } from '../http/http-params';
import { CommandAccepted, ReadAfterQuery } from '../http/read-after';
import { PAYER_KINDS, type PayerKind, PAYMENT_CHANNELS, type PaymentChannel } from '@goodpay/prepayment';

export class PayerDto {
  @ApiProperty({ description: "the citizen's user id or the organisation's id" })
  @IsString()
  @Length(1, 100)
  id!: string;

  @ApiProperty({ enum: PAYER_KINDS })
  @IsIn(PAYER_KINDS)
  kind!: PayerKind;
}

export class PaymentConfirmationDto {
  @ApiProperty({ example: 'toss' })
  @IsString()
  @Length(1, 50)
  provider!: string;

  @ApiProperty({ example: 'pay_20250113_0001' })
  @IsString()
  @Length(1, 200)
  externalReference!: string;
}

export class MakePrepaymentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  campaignId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  merchantId!: string;

  @ApiProperty({ example: 100_000, description: 'whole won' })
  @Won(KRW_LIMITS.prepayment)
  amount!: number;

  @ApiProperty({ enum: PAYMENT_CHANNELS, description: 'at_shop: the shop records it; platform: the payer pays online' })
  @IsIn(PAYMENT_CHANNELS)
  channel!: PaymentChannel;

  @ApiPropertyOptional({ type: PayerDto, description: 'at the shop: who paid (the shop names them); on the platform: omitted, the caller pays' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PayerDto)
  payer?: PayerDto;

  @ApiPropertyOptional({ type: PaymentConfirmationDto, description: 'platform payments only' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentConfirmationDto)
  paymentConfirmation?: PaymentConfirmationDto;
}

export class ConfirmPaymentDto {
  @ApiProperty({ example: 200_000, description: "whole won, as on the provider's statement: must be the order's amount" })
  @Won(KRW_LIMITS.prepayment)
  amount!: number;
}

export class ClaimPrepaymentDto {
  @ApiProperty({ example: 'K7MX-2QPA', description: 'the code the shop handed over: case, spaces and dashes are ignored' })
  @IsString()
  @Length(1, 20)
  code!: string;
}

export class PrepaymentClaimedResponse extends CommandAccepted {
  @ApiProperty({ format: 'uuid' }) prepaymentId!: string;
}

export class RedeemDto {
  @ApiProperty({ example: 25_000, description: 'whole won, at most the remaining balance' })
  @Won(KRW_LIMITS.redemption)
  amount!: number;
}

export class PrepaymentMadeResponse extends CommandAccepted {
  @ApiProperty({ format: 'uuid' }) prepaymentId!: string;
  @ApiProperty({ example: '7K3M9QXA', description: 'what the payer shows at the shop' }) code!: string;
}

export class RedemptionResponse extends CommandAccepted {
  @ApiProperty({ format: 'uuid' }) prepaymentId!: string;
  @ApiProperty({ format: 'uuid' }) redemptionId!: string;
}

export class PrepaymentCodeParam {
  @ApiProperty({ example: 'K7MX-2QPA', description: 'as printed or typed: case, spaces and dashes are ignored' })
  @IsString()
  @Length(1, 20)
  code!: string;
}

export class LedgerRangeQuery extends WithDayRange(ReadAfterQuery) {}
