import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { KRW_LIMITS } from '@goodpay/shared';
import { WithDayRange, Won } from '../http/http-params';
import { CommandAccepted, ReadAfterQuery } from '../http/read-after';
import { RehearsalMarkProperty } from '../openapi/properties';
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

  @ApiPropertyOptional({
    type: PayerDto,
    description: 'at the shop: who paid (the shop names them); on the platform: omitted, the caller pays',
  })
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

/** What the front end passes to PortOne's checkout (PortOne.requestPayment) to pay a platform order. */
export class GatewayCheckoutResponse {
  @ApiProperty({ example: 'portone' }) provider!: string;
  @ApiProperty({ example: 'store-4ff4af41-85e3-4559-8eb8-0d08a2c6ceec' }) storeId!: string;
  @ApiProperty({ description: "the gateway payment's id: the prepayment's id" }) paymentId!: string;
  @ApiProperty({ example: 'goodpay prepayment' }) orderName!: string;
  @ApiProperty({ example: 100_000, description: 'whole won' }) totalAmount!: number;
  @ApiProperty({ example: 'KRW' }) currency!: string;
}

export class PrepaymentMadeResponse extends CommandAccepted {
  @ApiProperty({ format: 'uuid' }) prepaymentId!: string;
  @ApiProperty({ example: '7K3M9QXA', description: 'what the payer shows at the shop' }) code!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiPropertyOptional({
    type: GatewayCheckoutResponse,
    description:
      'platform orders with a payment gateway (PAYMENT_CONFIRMATIONS=portone): the payment to make; then POST /prepayments/{id}/payment-check',
  })
  checkout?: GatewayCheckoutResponse;
}

export class GatewayPaymentCheckResponse extends CommandAccepted {
  @ApiProperty({ format: 'uuid' }) prepaymentId!: string;
  @ApiProperty({ example: 'active', description: 'awaiting_payment while the gateway does not report it paid' }) status!: string;
}

export class RedemptionResponse extends CommandAccepted {
  @ApiProperty({ format: 'uuid' }) prepaymentId!: string;
  @ApiProperty({ format: 'uuid' }) redemptionId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
}

export class PrepaymentCodeParam {
  @ApiProperty({ example: 'K7MX-2QPA', description: 'as printed or typed: case, spaces and dashes are ignored' })
  @IsString()
  @Length(1, 20)
  code!: string;
}

export class LedgerRangeQuery extends WithDayRange(ReadAfterQuery) {}

export class WebhookAnswerResponse {
  @ApiProperty() webhookId!: string;
  @ApiProperty({
    enum: ['recorded', 'reported', 'ignored'],
    description: 'recorded: the payment made its order; reported: a cancellation, logged; ignored: nothing for goodpay',
  })
  outcome!: string;
}
