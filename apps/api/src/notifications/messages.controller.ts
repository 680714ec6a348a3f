import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MessageHistory } from '@goodpay/notification';
import type { Actor } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { PageOf } from '../http/http-params';
import { DeliveryRatesQuery, MessagePageQuery, OwnMessageResponse, StaffMessageQuery } from './notification.dto';
import { Answers } from '../openapi/answers';
import { DeliveryRatesResponse, StaffMessageResponse } from './notification.dto';

/** What was sent: a person's own messages, and for staff every message with delivery rates. */
@ApiTags('notifications')
@Controller()
export class MessagesController {
  constructor(private readonly history: MessageHistory) {}

  @Get('me/messages')
  @Authenticated()
  @ApiOperation({
    operationId: 'listMyMessages',
    summary: "The caller's own messages, newest first: kind, channel, time, status and the text as sent (personal parts masked)",
  })
  @ApiOkResponse({ type: PageOf(OwnMessageResponse, 'OwnMessagePage') })
  own(@CurrentActor() actor: Actor, @Query() { limit, offset }: MessagePageQuery) {
    return this.history.forRecipient(actor.id, limit ?? 50, offset ?? 0);
  }

  @Get('messages')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'searchMessages',
    summary: 'Every message, newest first, filtered by kind, status, channel and Seoul day (staff)',
  })
  @Answers(PageOf(StaffMessageResponse, 'StaffMessagePage'))
  search(@Query() { kind, status, channel, day, limit, offset }: StaffMessageQuery) {
    return this.history.search({ kind, status, channel, day }, limit ?? 50, offset ?? 0);
  }

  @Get('messages/delivery-rates')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'getDeliveryRates',
    summary: 'Per channel: attempts, accepted, delivered and undelivered, the rates, and why attempts failed (staff)',
  })
  @Answers(DeliveryRatesResponse)
  rates(@Query() { day }: DeliveryRatesQuery) {
    return this.history.deliveryRates(day);
  }
}
