import { ApiProperty } from '@nestjs/swagger';
import type {
  CashbackReportView,
  ChestEntryView,
  ChestLedger,
  DonationFigures,
  DonationReceiptView,
  DonationView,
  DonorDonations,
  ReceiptSummary,
} from '@goodpay/donation';
import { DONOR_TYPES } from '@goodpay/donation';
import { Day, Instant, Krw, Nullable } from '../openapi/properties';

/** The answers of the donation reads, field for field the views of @goodpay/donation. */

const SOURCES = ['cashback', 'pledge'];

export class DonationViewResponse implements DonationView {
  @ApiProperty({ format: 'uuid' }) donationId!: string;
  @ApiProperty({ enum: SOURCES }) source!: DonationView['source'];
  @Krw() amount!: bigint;
  @Instant() donatedAt!: string;
  @Day() donatedOn!: string;
  @Nullable({ example: '2025-01' }) cashbackMonth!: string | null;
  @Nullable({ example: '****-****-****-1234' }) card!: string | null;
  @Nullable({ format: 'uuid' }) settlementId!: string | null;
  @Nullable({ format: 'uuid' }) receiptId!: string | null;
}

export class CashbackReportResponse implements CashbackReportView {
  @ApiProperty({ format: 'uuid' }) donationId!: string;
  @ApiProperty() donorId!: string;
  @Krw() amount!: bigint;
  @ApiProperty({ example: '2025-01' }) cashbackMonth!: string;
  @ApiProperty({ example: '****-****-****-1234' }) card!: string;
  @ApiProperty({ enum: ['pending', 'donated', 'refused'] }) status!: CashbackReportView['status'];
  @Instant() reportedAt!: string;
  @Nullable({ format: 'date-time' }) decidedAt!: string | null;
}

export class DonorDonationsResponse implements DonorDonations {
  @ApiProperty({ type: [DonationViewResponse] }) items!: DonationViewResponse[];
  @Krw() total!: bigint;
  @Krw({ description: 'not on a receipt yet' }) unreceipted!: bigint;
  @ApiProperty({
    type: [CashbackReportResponse],
    description: "gifts reported against the card issuer's figures: pending, donated or refused",
  })
  reports!: CashbackReportResponse[];
}

export class ReceiptSummaryResponse implements ReceiptSummary {
  @ApiProperty({ format: 'uuid' }) receiptId!: string;
  @ApiProperty({ example: 2025 }) year!: number;
  @ApiProperty({ example: 42 }) number!: number;
  @ApiProperty({ example: '2025-000042' }) receiptNumber!: string;
  @Krw() total!: bigint;
  @ApiProperty() itemCount!: number;
  @Day() issuedOn!: string;
}

export class ReceiptItemResponse {
  @ApiProperty({ format: 'uuid' }) donationId!: string;
  @ApiProperty({ enum: SOURCES }) source!: string;
  @Krw() amount!: number;
  @Day() donatedOn!: string;
}

export class DonationReceiptResponse implements DonationReceiptView {
  @ApiProperty({ format: 'uuid' }) receiptId!: string;
  @ApiProperty({ example: 2025 }) year!: number;
  @ApiProperty({ example: 42 }) number!: number;
  @ApiProperty({ example: '2025-000042' }) receiptNumber!: string;
  @ApiProperty({ enum: DONOR_TYPES }) donorType!: DonationReceiptView['donorType'];
  @ApiProperty() donorId!: string;
  @ApiProperty({ example: '홍길동' }) donorName!: string;
  @ApiProperty({ type: [ReceiptItemResponse] }) items!: DonationReceiptView['items'];
  @Krw({ description: 'summed exactly from the items' }) total!: bigint;
  @Instant() issuedAt!: string;
  @Day() issuedOn!: string;
}

export class ChestEntryResponse implements ChestEntryView {
  @ApiProperty() entryId!: string;
  @ApiProperty({ enum: ['credit', 'disbursement'] }) kind!: ChestEntryView['kind'];
  @Nullable({ enum: [...SOURCES, null] }) source!: ChestEntryView['source'];
  @Nullable({ enum: [...DONOR_TYPES, null] }) donorType!: ChestEntryView['donorType'];
  @Nullable({ example: '전주 푸드뱅크' }) project!: string | null;
  @Krw() amount!: bigint;
  @Krw({ description: 'the chest after this entry' }) balance!: bigint;
  @Instant() occurredAt!: string;
}

export class ChestReceivedResponse {
  @Krw() cashback!: bigint;
  @Krw() pledge!: bigint;
  @Krw() total!: bigint;
}

export class ChestLedgerResponse implements ChestLedger {
  @ApiProperty({ type: ChestReceivedResponse }) received!: ChestReceivedResponse;
  @Krw() disbursed!: bigint;
  @Krw() balance!: bigint;
  @ApiProperty({ type: [ChestEntryResponse] }) entries!: ChestEntryResponse[];
  @ApiProperty({ description: 'how many entries, over all pages' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class MonthFiguresResponse {
  @ApiProperty({ example: '2025-01' }) month!: string;
  @Krw() citizen!: bigint;
  @Krw() merchant!: bigint;
  @Krw() total!: bigint;
  @ApiProperty() donations!: number;
}

export class DonorTypeFiguresResponse {
  @ApiProperty({ enum: DONOR_TYPES }) donorType!: DonationFigures['byDonorType'][number]['donorType'];
  @Krw() amount!: bigint;
  @ApiProperty() donors!: number;
  @ApiProperty() donations!: number;
}

export class TopMerchantResponse {
  @ApiProperty() rank!: number;
  @ApiProperty({ example: '한옥 국수' }) name!: string;
  @Krw() amount!: bigint;
}

export class DonationFiguresResponse implements DonationFigures {
  @ApiProperty({ type: [MonthFiguresResponse], description: 'Seoul months, oldest first' }) byMonth!: MonthFiguresResponse[];
  @ApiProperty({ type: [DonorTypeFiguresResponse] }) byDonorType!: DonorTypeFiguresResponse[];
  @ApiProperty({ type: [TopMerchantResponse], description: 'donation-angel shops by what their pledges gave' })
  topMerchants!: TopMerchantResponse[];
  @Krw() total!: bigint;
}
