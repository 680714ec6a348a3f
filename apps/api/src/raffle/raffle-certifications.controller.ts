import { CampaignQueries } from '@goodpay/campaign';
import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandContext } from '@goodpay/event-store';
import { ALLOWED_PHOTO_TYPES } from '@goodpay/personal-data';
import {
  ApproveRaffleCertificationCommand,
  RaffleCertifications,
  RejectRaffleCertificationCommand,
  SubmitRaffleCertificationCommand,
} from '@goodpay/raffle';
import type { Actor } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { Command, CreatingCommand } from '../http/command-context';
import { ApiNotFound, IdParam } from '../http/http-params';
import { accepted, CommandAccepted, ReadAfterQuery } from '../http/read-after';
import { RateLimit } from '../rate-limit/rate-limits';
import { InSystemCertificationDto, PendingQuery, ReceiptCertificationForm, RejectCertificationDto } from './certification.dto';
import { readReceiptUpload, type ReceiptUpload } from './receipt-upload';
import { Answers, AnswersFile } from '../openapi/answers';
import { CertificationResponse } from './raffle-views.dto';
import { Problems } from '../openapi/answers';

const WHOLE_WON = /^[0-9]{1,15}$/;

/** The multipart text fields as the raffle's command takes them (it checks every value). */
function receiptInput({ fields, photo }: ReceiptUpload) {
  const consent = {
    version: fields.consentVersion,
    purpose: fields.consentPurpose === 'true',
    itemsCollected: fields.consentItemsCollected === 'true',
    retentionPeriod: fields.consentRetentionPeriod === 'true',
    rightToRefuse: fields.consentRightToRefuse === 'true',
  };
  const amount = fields.amount !== undefined && WHOLE_WON.test(fields.amount) ? Number(fields.amount) : fields.amount;
  return {
    person: { name: fields.name ?? '', phone: fields.phone ?? '', consent },
    evidence: { kind: 'receipt_photo' as const, photo, amount, shopName: fields.shopName, paidOn: fields.paidOn },
  };
}

/** The stored type when it is one the upload check accepts (it always is); otherwise plain bytes. */
const servedPhotoType = (contentType: string): string =>
  (ALLOWED_PHOTO_TYPES as readonly string[]).includes(contentType) ? contentType : 'application/octet-stream';

/**
 * Raffle certifications: citizens certify a prepayment (in-system: approved at once; a receipt
 * photo: reviewed by staff), see their own; staff work the review queue. Every read of a name,
 * phone or photo by staff is written to the personal-data access log.
 */
@ApiTags('raffle')
@Controller()
export class RaffleCertificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly certifications: RaffleCertifications,
    private readonly campaigns: CampaignQueries,
  ) {}

  @Post('campaigns/:campaignId/raffle/certifications')
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'certifyPrepayment',
    summary: 'Certify a prepayment you made on the platform (citizen; needs an Idempotency-Key)',
    description:
      'Checked against the prepayment itself: yours, at least the minimum, paid inside a round, not refunded. Approved at once: you enter that round.',
  })
  @ApiCreatedResponse({ type: CommandAccepted })
  @Problems({
    403: ['identity_verification_required'],
    404: ['campaign_not_found', 'prepayment_not_found'],
    422: ['payment_not_confirmed'],
  })
  async certifyPrepayment(
    @CreatingCommand() context: CommandContext,
    @IdParam('campaignId') campaignId: string,
    @Body() body: InSystemCertificationDto,
  ) {
    const { name, phone, consent, prepaymentId } = body;
    const command = new SubmitRaffleCertificationCommand(
      context,
      campaignId,
      { name, phone, consent: { ...consent } },
      { kind: 'prepayment', prepaymentId },
    );
    return accepted(await this.commands.execute(command));
  }

  @Post('campaigns/:campaignId/raffle/certifications/receipts')
  @RateLimit('receipt-uploads')
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'certifyReceipt',
    summary: 'Certify a prepayment made elsewhere with a photo of its receipt (citizen; multipart; needs an Idempotency-Key)',
    description: 'Waits for staff review. A bad photo (type by content, size) or a missing consent item is refused and nothing is kept.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ReceiptCertificationForm })
  @ApiCreatedResponse({ type: CommandAccepted })
  @Problems({
    400: ['invalid_input', 'multipart_required', 'unknown_field', 'field_too_long', 'photo_required'],
    403: ['identity_verification_required'],
    404: ['campaign_not_found'],
    409: ['duplicate_receipt_photo'],
    413: ['photo_too_large', 'too_many_files', 'too_many_fields'],
    415: ['photo_type_not_allowed'],
    422: ['photo_malformed', 'too_many_pending_receipts'],
  })
  async certifyReceipt(
    @CreatingCommand() context: CommandContext,
    @IdParam('campaignId') campaignId: string,
    @Req() request: FastifyRequest,
  ) {
    const { person, evidence } = receiptInput(await readReceiptUpload(request));
    return accepted(await this.commands.execute(new SubmitRaffleCertificationCommand(context, campaignId, person, evidence)));
  }

  @Get('me/raffle/certifications')
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'listMyCertifications',
    summary: 'Your certifications and their state, newest first (name and phone masked)',
  })
  @Answers(CertificationResponse, { isArray: true })
  async mine(@CurrentActor() actor: Actor, @Query() { after }: ReadAfterQuery) {
    return this.campaigns.marked(await this.certifications.mine(actor, after), after);
  }

  @Get('raffle/certifications/pending')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'listPendingCertifications',
    summary: 'The review queue: receipts waiting, oldest first, names and phones masked (staff; reads are audited)',
  })
  @Answers(CertificationResponse, { isArray: true })
  async pending(@CurrentActor() actor: Actor, @Query() { campaignId, after }: PendingQuery) {
    return this.campaigns.marked(await this.certifications.pending(actor, campaignId, after), after);
  }

  @Get('raffle/certifications/:id')
  @Authenticated('staff', 'citizen')
  @ApiOperation({
    operationId: 'getCertification',
    summary: 'One certification: staff see the name and phone (audited), a citizen their own, masked',
  })
  @ApiNotFound('certification')
  @Answers(CertificationResponse)
  async one(@CurrentActor() actor: Actor, @IdParam('id') id: string, @Query() { after }: ReadAfterQuery) {
    return this.campaigns.markedOne(await this.certifications.one(actor, id, after), after);
  }

  @Get('raffle/certifications/:id/photo')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'getCertificationPhoto',
    summary: "The receipt photo, for review (staff; audited). Gone once the person's data is erased.",
  })
  @ApiNotFound('certification_photo')
  @AnswersFile(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/octet-stream'], 'the receipt photo')
  async photo(@CurrentActor() actor: Actor, @IdParam('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const photo = await this.certifications.photo(actor, id);
    void reply
      .header('content-type', servedPhotoType(photo.contentType))
      // Uploaded bytes are someone else's: the browser must take them for the image type
      // checked at upload (never sniff HTML out of them), and run nothing if it renders them.
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', 'inline; filename="receipt"')
      .header('cache-control', 'no-store');
    return photo.bytes;
  }

  @Post('raffle/certifications/:id/approve')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'approveCertification',
    summary: 'Approve a reviewed receipt: the person enters the round, once however many certifications (staff)',
  })
  @ApiOkResponse({ type: CommandAccepted })
  @Problems({ 404: ['certification_not_found'] })
  async approve(@Command() context: CommandContext, @IdParam('id') id: string) {
    return accepted(await this.commands.execute(new ApproveRaffleCertificationCommand(context, id)));
  }

  @Post('raffle/certifications/:id/reject')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({ operationId: 'rejectCertification', summary: 'Reject a reviewed receipt with the reason the citizen will see (staff)' })
  @ApiOkResponse({ type: CommandAccepted })
  @Problems({ 404: ['certification_not_found'] })
  async reject(@Command() context: CommandContext, @IdParam('id') id: string, @Body() body: RejectCertificationDto) {
    return accepted(await this.commands.execute(new RejectRaffleCertificationCommand(context, id, body.reason)));
  }
}
