import { ApiProperty } from '@nestjs/swagger';
import type {
  BreakdownRow,
  CampaignDashboard,
  InvariantReport,
  InvariantViolation,
  LedgerDay,
  LedgerFigures,
  MerchantLedger,
  PrepaymentDetail,
  PrepaymentView,
  RedemptionView,
  Wallet,
  WalletTotals,
} from '@goodpay/prepayment';
import { PAYER_KINDS, PAYMENT_CHANNELS } from '@goodpay/prepayment';
import { Day, FreeObject, Instant, Krw, Nullable, RehearsalMarkProperty } from '../openapi/properties';

/** The answers of the prepayment reads, field for field the views of @goodpay/prepayment (`implements` keeps them in step). */

const PREPAYMENT_STATUSES = ['awaiting_payment', 'order_cancelled', 'active', 'exhausted', 'refund_requested', 'refunded'];

export class PrepaymentViewResponse implements PrepaymentView {
  @ApiProperty({ format: 'uuid' }) prepaymentId!: string;
  @ApiProperty({ example: '7K3M9QXA' }) code!: string;
  @Nullable({ description: 'null while a prepayment at the shop is unclaimed' }) payerId!: string | null;
  @Nullable({ enum: PAYER_KINDS }) payerKind!: PrepaymentView['payerKind'];
  @ApiProperty({ format: 'uuid' }) merchantId!: string;
  @Nullable({ example: '한옥 국수' }) merchantName!: string | null;
  @Nullable() merchantOwnerId!: string | null;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiProperty({ example: 'restaurant' }) merchantCategory!: string;
  @ApiProperty({ example: '완산구' }) merchantDistrict!: string;
  @ApiProperty({ enum: PAYMENT_CHANNELS }) channel!: PrepaymentView['channel'];
  @Krw() amount!: bigint;
  @Krw({ description: 'redeemed and not cancelled' }) redeemed!: bigint;
  @Krw() refunded!: bigint;
  @Krw() balance!: bigint;
  @ApiProperty({ enum: PREPAYMENT_STATUSES }) status!: PrepaymentView['status'];
  @Nullable() refundBasis!: string | null;
  @Nullable({ format: 'date-time' }) refundRequestedAt!: string | null;
  @Nullable({ format: 'date-time' }) refundedAt!: string | null;
  @Instant() paidAt!: string;
  @Instant() updatedAt!: string;
}

export class RedemptionViewResponse implements RedemptionView {
  @ApiProperty({ format: 'uuid' }) redemptionId!: string;
  @Krw() amount!: bigint;
  @Instant() redeemedAt!: string;
  @Day({ description: "the Seoul day it counts on in the shop's ledger" }) seoulDay!: string;
  @Nullable({ format: 'date-time' }) cancelledAt!: string | null;
}

export class PrepaymentDetailResponse extends PrepaymentViewResponse implements PrepaymentDetail {
  @ApiProperty({ type: [RedemptionViewResponse], description: 'oldest first, cancelled ones included' })
  redemptions!: RedemptionViewResponse[];
}

export class WalletTotalsResponse implements WalletTotals {
  @ApiProperty() count!: number;
  @Krw() amount!: bigint;
  @Krw() redeemed!: bigint;
  @Krw() refunded!: bigint;
  @Krw() balance!: bigint;
}

export class WalletResponse implements Wallet {
  @ApiProperty() payerId!: string;
  @ApiProperty({ type: [PrepaymentViewResponse], description: 'newest first, unpaid orders included' }) items!: PrepaymentViewResponse[];
  @ApiProperty({ type: WalletTotalsResponse, description: 'of the paid prepayments only' }) totals!: WalletTotalsResponse;
}

export class LedgerFiguresResponse implements LedgerFigures {
  @Krw() prepaidAmount!: bigint;
  @ApiProperty() prepaidCount!: number;
  @Krw({ description: "net of cancellations, on the redemption's own Seoul day" }) redeemedAmount!: bigint;
  @ApiProperty() redemptionCount!: number;
  @Krw() refundedAmount!: bigint;
  @ApiProperty() refundCount!: number;
}

export class LedgerDayResponse extends LedgerFiguresResponse implements LedgerDay {
  @Day() day!: string;
}

export class LedgerMerchantResponse {
  @ApiProperty({ example: '한옥 국수' }) name!: string;
  @ApiProperty() ownerId!: string;
  @ApiProperty({ example: 'restaurant' }) category!: string;
  @ApiProperty({ example: '완산구' }) district!: string;
  @ApiProperty({ example: 'approved' }) status!: string;
}

export class MerchantLedgerResponse implements MerchantLedger {
  @ApiProperty({ format: 'uuid' }) merchantId!: string;
  @ApiProperty({ type: LedgerMerchantResponse, nullable: true }) merchant!: LedgerMerchantResponse | null;
  @Nullable({ format: 'date' }) from!: string | null;
  @Nullable({ format: 'date' }) to!: string | null;
  @ApiProperty({ type: [LedgerDayResponse], description: 'days with any activity in the range, oldest first' }) days!: LedgerDayResponse[];
  @ApiProperty({ type: LedgerFiguresResponse }) totals!: LedgerFiguresResponse;
  @Krw({ description: "what the shop still owes in service: its prepayments' balances, now" }) outstandingLiability!: bigint;
  @ApiProperty() openPrepayments!: number;
}

export class BreakdownRowResponse implements BreakdownRow {
  @ApiProperty({ example: 'restaurant', description: 'the category or district' }) key!: string;
  @ApiProperty() prepaymentCount!: number;
  @Krw() prepaidAmount!: bigint;
  @Krw() redeemedAmount!: bigint;
  @Krw() refundedAmount!: bigint;
}

export class DashboardCampaignResponse {
  @ApiProperty({ example: '전북 착한 선결제 2025' }) name!: string;
  @Day() startsOn!: string;
  @Day() endsOn!: string;
  @Nullable({ format: 'date' }) closedOn!: string | null;
}

export class DashboardTargetResponse {
  @ApiProperty({ example: 50000 }) participants!: number;
  @Krw({ example: 5000000000 }) amount!: bigint;
}

export class DashboardParticipantsResponse {
  @ApiProperty() citizens!: number;
  @ApiProperty() organisations!: number;
  @ApiProperty() total!: number;
}

export class DashboardProgressResponse {
  @ApiProperty({ type: 'number', nullable: true, example: 12.5 }) participantsPercent!: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 8.25 }) amountPercent!: number | null;
}

export class DashboardDayResponse {
  @Day() day!: string;
  @ApiProperty({ description: 'participants so far, by the end of that Seoul day' }) participants!: number;
  @Krw({ description: 'prepaid so far, by the end of that Seoul day' }) prepaidAmount!: bigint;
}

export class CampaignDashboardResponse implements CampaignDashboard {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiProperty({ type: DashboardCampaignResponse, nullable: true }) campaign!: DashboardCampaignResponse | null;
  @ApiProperty({ type: DashboardTargetResponse, nullable: true }) target!: DashboardTargetResponse | null;
  @ApiProperty({ type: DashboardParticipantsResponse }) participants!: DashboardParticipantsResponse;
  @ApiProperty() prepaymentCount!: number;
  @Krw({ description: 'all prepaid amounts: cash brought forward into local shops' }) amountBroughtForward!: bigint;
  @Krw() redeemed!: bigint;
  @Krw() refunded!: bigint;
  @Krw({ description: 'still to be served by the shops' }) outstanding!: bigint;
  @ApiProperty({ type: [BreakdownRowResponse] }) byCategory!: BreakdownRowResponse[];
  @ApiProperty({ type: [BreakdownRowResponse] }) byDistrict!: BreakdownRowResponse[];
  @ApiProperty({ type: [DashboardDayResponse], description: 'running totals per Seoul day' }) byDay!: DashboardDayResponse[];
  @ApiProperty({ type: DashboardProgressResponse }) progress!: DashboardProgressResponse;
}

export class InvariantViolationResponse implements InvariantViolation {
  @Nullable({ format: 'uuid' }) prepaymentId!: string | null;
  @ApiProperty({ type: 'string', example: 'balance_mismatch' }) kind!: InvariantViolation['kind'];
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string' }], nullable: true, description: 'what the log gives' })
  expected!: bigint | string | null;
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string' }], nullable: true, description: 'what the projection holds' })
  actual!: bigint | string | null;
}

export class InvariantTotalsResponse {
  @Krw() prepaid!: bigint;
  @Krw() redeemed!: bigint;
  @Krw() refunded!: bigint;
  @Krw() balance!: bigint;
}

export class InvariantReportResponse implements InvariantReport {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: 'string', example: 'prepayment-balances' }) projection!: InvariantReport['projection'];
  @FreeObject('the projection checkpoint both sides were computed at: { transactionId, position }')
  checkedUpTo!: InvariantReport['checkedUpTo'];
  @ApiProperty() checkedPrepayments!: number;
  @ApiProperty({ type: InvariantTotalsResponse }) totals!: InvariantTotalsResponse;
  @ApiProperty({ type: [InvariantViolationResponse] }) violations!: InvariantViolationResponse[];
  @ApiProperty({ description: 'more prepayments disagree than were listed' }) truncated!: boolean;
}
