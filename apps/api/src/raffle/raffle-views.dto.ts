import { ApiProperty } from '@nestjs/swagger';
import type { CertificationView, ContactView, MyAward, PublicWinner, PublishedRound, RoundInclusion, WinnerList } from '@goodpay/raffle';
import { CommandAccepted } from '../http/read-after';
import { Day, FreeObject, Instant, Nullable, RehearsalMarkProperty } from '../openapi/properties';

/** The answers of the raffle routes, field for field the views of @goodpay/raffle. */

const CERTIFICATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'];
const AWARD_STATUSES = ['awarded', 'confirmed', 'forfeited'];

export class EvidenceResponse {
  @ApiProperty({ enum: ['prepayment', 'receipt_photo'] }) kind!: 'prepayment' | 'receipt_photo';
  @Nullable({ format: 'uuid' }) prepaymentId!: string | null;
  @ApiProperty({ example: 30000, description: 'whole won, as claimed' }) amount!: number;
  @Nullable({ example: '한옥 국수' }) shopName!: string | null;
  @Day() paidOn!: string;
  @ApiProperty() hasPhoto!: boolean;
}

export class ContactResponse implements ContactView {
  @ApiProperty({ description: "true once the person's data was erased (name and phone null)" }) erased!: boolean;
  @Nullable({ example: '홍*동', description: 'masked unless staff read one certification' }) name!: string | null;
  @Nullable({ example: '010-****-5678' }) phone!: string | null;
}

export class CertificationResponse implements CertificationView {
  @ApiProperty({ format: 'uuid' }) certificationId!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiProperty({ example: 1 }) round!: number;
  @ApiProperty({ enum: CERTIFICATION_STATUSES }) status!: CertificationView['status'];
  @ApiProperty({ type: EvidenceResponse }) evidence!: EvidenceResponse;
  @ApiProperty({ example: '2025-01' }) consentVersion!: string;
  @Nullable({ example: '영수증의 금액이 보이지 않습니다', description: 'why staff rejected it, or why it was withdrawn' }) reason!:
    string | null;
  @Nullable({ format: 'uuid' }) entryId!: string | null;
  @Instant() submittedAt!: string;
  @Nullable({ format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ type: ContactResponse }) contact!: ContactResponse;
}

export class CertificationInclusionResponse {
  @ApiProperty({ format: 'uuid' }) certificationId!: string;
  @Nullable({ format: 'uuid' }) entryId!: string | null;
  @ApiProperty({ type: 'boolean', nullable: true, description: 'null before the freeze' }) included!: boolean | null;
  @ApiProperty({ required: false, example: 'rejected', description: 'why it is left out (not_frozen_yet before the freeze)' })
  reason?: string;
  @Nullable({ required: false }) detail?: string | null;
  @FreeObject('the Merkle inclusion proof, when included (scripts/verify-draw.mjs --proof)', { required: false }) proof?: object;
}

export class RoundInclusionResponse implements Omit<RoundInclusion, 'certifications'> {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiProperty() round!: number;
  @Nullable({ description: 'published at the freeze' }) merkleRoot!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) entryCount!: number | null;
  @ApiProperty({ type: [CertificationInclusionResponse] }) certifications!: CertificationInclusionResponse[];
}

export class PublishedRoundResponse implements Pick<PublishedRound, 'campaignId' | 'isRehearsal' | 'round' | 'status' | 'entryListHash'> {
  @ApiProperty({ description: 'the version of this document format' }) format!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiProperty() round!: number;
  @ApiProperty({ enum: ['open', 'frozen', 'draw_requested', 'drawn'] }) status!: PublishedRound['status'];
  @FreeObject('the round period', { nullable: true }) period!: object | null;
  @FreeObject('the round timeline: opens, closes, freezes, draws', { nullable: true }) timeline!: object | null;
  @ApiProperty({ type: 'array', items: { type: 'object' }, nullable: true, description: 'the declared sources of randomness' })
  declaredSources!: object[] | null;
  @FreeObject('the draw settings (places, quota)', { nullable: true }) settings!: object | null;
  @Nullable() entryListHash!: string | null;
  @FreeObject('the frozen list: frozenAt, entryCount, entryListHash, merkleRoot, excludedEarlierWinners', { nullable: true }) frozen!:
    object | null;
  @FreeObject('once drawn: sources, key string, ranking and everything `raffle:verify` needs', { nullable: true }) draw!: object | null;
}

/** The draw's answer: the round's public document, as far as it goes, with the command's position. */
export class DrawRequestedResponse extends PublishedRoundResponse {
  @ApiProperty({ example: '42' }) position!: string;
  @ApiProperty() replayed!: boolean;
}

export class PublicWinnerResponse implements PublicWinner {
  @ApiProperty({ format: 'uuid' }) entryId!: string;
  @ApiProperty({ description: "place in the ranking: above the round's places means moved up from the waiting list" }) rank!: number;
  @Nullable({ example: '홍*동', description: "null once the person's data was erased" }) maskedName!: string | null;
  @ApiProperty({ enum: ['awarded', 'confirmed'] }) status!: PublicWinner['status'];
}

export class WinnerListResponse implements WinnerList {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiProperty() round!: number;
  @ApiProperty() places!: number;
  @ApiProperty({ type: [PublicWinnerResponse] }) winners!: PublicWinnerResponse[];
}

export class VoucherResponse {
  @ApiProperty({ enum: ['code', 'issuer_reference'] }) kind!: string;
  @ApiProperty({ required: false, example: 'ONNURI-1234-5678' }) code?: string;
  @ApiProperty({ required: false }) reference?: string;
}

export class MyAwardResponse implements Omit<MyAward, 'voucher'> {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiProperty() round!: number;
  @ApiProperty({ format: 'uuid' }) entryId!: string;
  @ApiProperty({ example: 100000, description: 'whole won' }) amount!: number;
  @ApiProperty({ enum: AWARD_STATUSES }) status!: MyAward['status'];
  @Instant({ description: 'confirm before this, or the prize is forfeited' }) confirmBy!: string;
  @ApiProperty({ type: VoucherResponse, nullable: true, description: 'shown once confirmed' }) voucher!: VoucherResponse | null;
}

export class AwardConfirmedResponse extends CommandAccepted {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiProperty({ format: 'uuid' }) entryId!: string;
  @ApiProperty({ enum: ['confirmed'] }) status!: string;
  @ApiProperty({ type: VoucherResponse }) voucher!: VoucherResponse;
}

export class ErasureResponse extends CommandAccepted {
  @ApiProperty({ description: 'persons whose key was deleted now (erased before: not counted again)' }) erased!: number;
}

export class SweepResponse extends ErasureResponse {
  @ApiProperty({ description: 'campaigns whose retention period was swept' }) campaigns!: number;
}

export class RoundFrozenResponse extends CommandAccepted {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @RehearsalMarkProperty() isRehearsal!: boolean;
  @ApiProperty() round!: number;
  @ApiProperty() entryListHash!: string;
  @ApiProperty() entries!: number;
}
