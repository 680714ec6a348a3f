import { SkipThrottle } from '@nestjs/throttler';
import { Controller, HttpCode, Injectable, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { HandlePaymentWebhookCommand, WebhookRefusedError } from '@goodpay/prepayment';
import { CheckBeforeBody, type HeadCheck } from '../http/before-body';
import type { RawBodyRequest } from '../http/json-body';
import { Answers, Problems } from '../openapi/answers';
import { WebhookAnswerResponse } from './prepayment.dto';

const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/** An unsigned webhook is refused before its body is read: nothing to verify it with. */
@Injectable()
export class WebhookSignatureHeadersCheck implements HeadCheck {
  check(request: FastifyRequest): void {
    const missing = SIGNATURE_HEADERS.filter((name) => typeof request.headers[name] !== 'string' || request.headers[name] === '');
    if (missing.length > 0) throw new WebhookRefusedError('MISSING_REQUIRED_HEADERS');
  }
}

/**
 * The payment gateway's webhooks. No bearer token: a webhook is authenticated by its Standard
 * Webhooks signature over the raw body, with the PORTONE_WEBHOOK_SECRET. Not rate limited: a
 * burst of payments' webhooks comes from the gateway's few addresses and must not be refused,
 * and an unsigned or forged one costs one HMAC before it is refused.
 */
@ApiTags('payment gateway')
@SkipThrottle({ default: true })
@Controller('payment-webhooks')
export class PaymentWebhooksController {
  constructor(private readonly commands: CommandBus) {}

  @Post('portone')
  @HttpCode(200)
  @CheckBeforeBody(WebhookSignatureHeadersCheck)
  @ApiOperation({
    operationId: 'receivePortOneWebhook',
    summary: "PortOne's webhooks (Transaction.Paid confirms a late payment, asking PortOne; cancellations are reported)",
    description:
      'Signed by Standard Webhooks (webhook-id, webhook-timestamp within 5 minutes, webhook-signature). An unsigned, forged or stale webhook answers 401 webhook_signature_invalid; one already handled answers 409 webhook_replayed; neither changes anything.',
  })
  @ApiHeader({ name: 'webhook-id', required: true })
  @ApiHeader({ name: 'webhook-timestamp', required: true })
  @ApiHeader({ name: 'webhook-signature', required: true })
  @Answers(WebhookAnswerResponse)
  @Problems({ 401: ['webhook_signature_invalid'], 409: ['webhook_replayed'] })
  receive(@Req() request: FastifyRequest & RawBodyRequest) {
    return this.commands.execute(new HandlePaymentWebhookCommand(String(request.id), request.rawBody ?? '', request.headers));
  }
}
