import { ApiProperty } from '@nestjs/swagger';
import type {
  PayoutAccountView,
  PayoutFileImportReport,
  PayoutView,
  Reconciliation,
  ReconciliationFigures,
  ReconciliationLine,
  ResultRowReport,
  SettlementPage,
  SettlementStatement,
  SettlementView,
  StatementItem,
} from '@goodpay/settlement';
import { CommandAccepted } from '../http/read-after';
import { Day, Instant, Krw, Nullable, RehearsalMarkProperty } from '../openapi/properties';

/** The answers of the settlement and payout reads, field for field the views of @goodpay/settlement. */

const PAYOUT_STATUSES = ['scheduled', 'failed', 'retried', 'paid'];

export class SettlementViewResponse implements SettlementView {
  @ApiProperty({ format: 'uuid' }) settlementId!: string;
  @ApiProperty({ format: 'uuid' }) merchantId!: string;
  @Nullable({ example: '한옥 국수' }) merchantName!: string | null;
  @Day() day!: string;
  @ApiProperty() itemCount!: number;
  @Krw() collected!: bigint;
  @Krw() refunded!: bigint;
  @ApiProperty({ example: 0 }) feeBasisPoints!: number;
  @Krw() fee!: bigint;
  @Krw({ description: 'pledged to the community chest' }) pledge!: bigint;
  @Krw() carriedIn!: bigint;
  @Krw() payout!: bigint;
  @Krw() carriedOut!: bigint;
  @Instant() closedAt!: string;
  @Nullable({ enum: [...PAYOUT_STATUSES, null] }) payoutStatus!: SettlementView['payoutStatus'];
  @Nullable({ format: 'uuid', description: 'the rehearsal campaign it belongs to (never paid out); null for a real one' })
  rehearsalCampaignId!: string | null;
  @RehearsalMarkProperty() isRehearsal!: boolean;
}

export class SettlementPageResponse implements SettlementPage {
  @ApiProperty({ type: [SettlementViewResponse] }) items!: SettlementViewResponse[];
  @ApiProperty({ description: 'how many match, over all pages' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class StatementItemResponse implements StatementItem {
  @ApiProperty() itemId!: string;
  @ApiProperty({ enum: ['collected', 'refunded'] }) kind!: StatementItem['kind'];
  @ApiProperty({ format: 'uuid' }) prepaymentId!: string;
  @Krw() amount!: bigint;
  @Instant() occurredAt!: string;
  @Day() day!: string;
}

export class PayoutViewResponse implements PayoutView {
  @ApiProperty({ format: 'uuid' }) settlementId!: string;
  @ApiProperty({ format: 'uuid' }) merchantId!: string;
  @Nullable({ example: '한옥 국수' }) merchantName!: string | null;
  @Krw() amount!: bigint;
  @ApiProperty({ enum: PAYOUT_STATUSES }) status!: PayoutView['status'];
  @ApiProperty() round!: number;
  @ApiProperty() failedAttempts!: number;
  @Nullable() lastError!: string | null;
  @Nullable() transferId!: string | null;
  @Instant() scheduledAt!: string;
  @Nullable({ format: 'date-time' }) paidAt!: string | null;
  @Instant() updatedAt!: string;
}

export class SettlementStatementResponse extends SettlementViewResponse implements SettlementStatement {
  @Nullable() merchantOwnerId!: string | null;
  @ApiProperty({ type: [StatementItemResponse] }) items!: StatementItemResponse[];
  @ApiProperty({ type: PayoutViewResponse, nullable: true }) payoutDetail!: PayoutViewResponse | null;
}

export class ReconciliationFiguresResponse implements ReconciliationFigures {
  @Krw() collected!: bigint;
  @Krw() refunded!: bigint;
  @Krw() fee!: bigint;
  @Krw() pledge!: bigint;
  @Krw() carriedIn!: bigint;
  @Krw() carriedOut!: bigint;
  @Krw() payout!: bigint;
  @Krw({ description: 'paid out so far' }) paid!: bigint;
  @Krw({ description: 'what does not add up: 0 when balanced' }) difference!: bigint;
}

export class ReconciliationLineResponse extends ReconciliationFiguresResponse implements ReconciliationLine {
  @ApiProperty({ format: 'uuid' }) settlementId!: string;
  @ApiProperty({ format: 'uuid' }) merchantId!: string;
  @Nullable({ example: '한옥 국수' }) merchantName!: string | null;
  @Nullable({ enum: [...PAYOUT_STATUSES, null] }) payoutStatus!: ReconciliationLine['payoutStatus'];
}

export class UnsettledResponse {
  @ApiProperty() count!: number;
  @Krw() collected!: bigint;
  @Krw() refunded!: bigint;
}

export class OlderUnsettledResponse {
  @ApiProperty() itemId!: string;
  @ApiProperty({ format: 'uuid' }) merchantId!: string;
  @ApiProperty({ enum: ['collected', 'refunded'] }) kind!: 'collected' | 'refunded';
  @Krw() amount!: bigint;
  @Day() day!: string;
}

export class ReconciliationResponse implements Reconciliation {
  @Day() day!: string;
  @ApiProperty({ type: [ReconciliationLineResponse] }) lines!: ReconciliationLineResponse[];
  @ApiProperty({ type: ReconciliationFiguresResponse }) totals!: ReconciliationFiguresResponse;
  @ApiProperty() balanced!: boolean;
  @ApiProperty({ type: UnsettledResponse, description: "that day's items not yet settled" }) unsettled!: UnsettledResponse;
  @ApiProperty({ type: [OlderUnsettledResponse], description: 'older unsettled items, listed apart' })
  olderUnsettled!: OlderUnsettledResponse[];
  @ApiProperty({ required: false, format: 'uuid', description: "a rehearsal's reconciliation" }) rehearsalCampaignId?: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
}

export class PayoutAccountViewResponse implements PayoutAccountView {
  @ApiProperty({ format: 'uuid' }) merchantId!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ example: '088' }) bankCode!: string;
  @ApiProperty({ example: '신한은행' }) bankName!: string;
  @ApiProperty({ example: '********6789' }) accountNumberMasked!: string;
  @ApiProperty({ example: '홍*동' }) holderNameMasked!: string;
  @ApiProperty() verified!: boolean;
  @Instant() registeredAt!: string;
  @Nullable({ format: 'date-time' }) verifiedAt!: string | null;
}

export class BankResponse {
  @ApiProperty({ example: '088' }) code!: string;
  @ApiProperty({ example: '신한은행' }) name!: string;
}

export class BankListResponse {
  @ApiProperty({ type: [BankResponse] }) items!: BankResponse[];
}

export class ResultRowResponse implements ResultRowReport {
  @ApiProperty() row!: number;
  @ApiProperty() payoutId!: string;
  @ApiProperty({ enum: ['paid', 'failed', 'already_recorded', 'refused'] }) outcome!: ResultRowReport['outcome'];
  @ApiProperty({ required: false, example: 'amount_mismatch', description: 'why a row was refused' }) code?: string;
  @ApiProperty({ required: false }) message?: string;
}

export class PayoutResultReportResponse extends CommandAccepted implements PayoutFileImportReport {
  @ApiProperty({ format: 'uuid' }) fileId!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() paid!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() alreadyRecorded!: number;
  @ApiProperty() refused!: number;
  @ApiProperty({ type: [ResultRowResponse] }) rows!: ResultRowResponse[];
}
