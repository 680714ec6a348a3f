import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeliveryReceipts, FailedNotifications } from '@goodpay/notification';
import type { Actor } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { CheckBeforeBody } from '../http/before-body';
import { ApiNotFound, IdParam } from '../http/http-params';
import { DeliveryReceiptDto, FailedListQuery } from './notification.dto';
import { ReceiptSecretCheck } from './receipt-secret.check';
import { Answers, Problems } from '../openapi/answers';
import { DeliveryReceiptOutcomeResponse, FailedPageResponse, ResendResponse } from './notification.dto';

/** Staff's failed list and resend, and the providers' delivery-receipt callback. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly failed: FailedNotifications,
    private readonly receipts: DeliveryReceipts,
  ) {}

  @Get('failed')
  @Authenticated('staff')
  @ApiOperation({ operationId: 'listFailedNotifications', summary: 'Notifications that could not be delivered, newest first (staff)' })
  @Answers(FailedPageResponse)
  list(@Query() { limit, offset }: FailedListQuery) {
    return this.failed.list(limit, offset);
  }

  @Post(':id/resend')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'resendNotification',
    summary: 'Send a failed notification again, in a new send round (staff; recorded on the notification)',
  })
  @ApiNotFound('notification')
  @Answers(ResendResponse)
  @Problems({ 422: ['notification_not_failed'] })
  resend(@CurrentActor() actor: Actor, @IdParam('id') id: string) {
    return this.failed.resend(id, actor);
  }

  @Post('delivery-receipts')
  @HttpCode(200)
  @CheckBeforeBody(ReceiptSecretCheck)
  @ApiOperation({
    operationId: 'receiveDeliveryReceipt',
    summary: "A provider's delivery report (delivered or failed)",
    description:
      'Authenticated by the shared secret in X-Receipt-Secret. Recorded once; an unknown message id is acknowledged with matched: false.',
  })
  @ApiHeader({ name: 'X-Receipt-Secret', required: true })
  @Answers(DeliveryReceiptOutcomeResponse)
  @Problems({ 401: ['unauthenticated'] })
  receipt(@Body() body: DeliveryReceiptDto) {
    return this.receipts.record({
      providerMessageId: body.providerMessageId,
      status: body.status,
      reason: body.reason,
      reportedAt: body.reportedAt,
    });
  }
}
