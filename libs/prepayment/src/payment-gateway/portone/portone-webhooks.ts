import { Logger } from '@nestjs/common';
import { Webhook } from '@portone/server-sdk';
import { ConflictError, DomainError } from '@goodpay/shared';
import type { PortOneOptions } from './portone-options';

/** A webhook that is not PortOne's (unsigned, forged, too old or too new): refused, 401. */
export class WebhookRefusedError extends DomainError {
  readonly status = 401;
  constructor(reason: string) {
    super('webhook_signature_invalid', `the webhook is not signed by the payment gateway (${reason})`);
  }
}

/** A webhook id already handled: a replay, refused and changing nothing (409). */
export class WebhookReplayedError extends ConflictError {
  constructor(webhookId: string) {
    super('webhook_replayed', `webhook ${webhookId} was already handled`);
  }
}

/** What goodpay reads in a verified PortOne webhook: its id, its type, and the payment it is about. */
export interface VerifiedWebhook {
  webhookId: string;
  type: string;
  paymentId: string | null;
}

/**
 * Verifies PortOne's webhooks with the SDK's `Webhook.verify`: Standard Webhooks
 * (https://www.standardwebhooks.com/, as PortOne states at
 * https://developers.portone.io/opi/ko/integration/webhook/readme-v2): an HMAC-SHA256 of
 * `${webhook-id}.${webhook-timestamp}.${raw body}` with the `whsec_` secret, in
 * `webhook-signature`, and a timestamp within 5 minutes of now. Only the raw body as received
 * verifies: it must not be parsed and serialised again first.
 */
export class PortOneWebhooks {
  private readonly logger = new Logger('PortOneWebhooks');

  constructor(private readonly options: Pick<PortOneOptions, 'webhookSecret'>) {}

  async verify(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<VerifiedWebhook> {
    const webhookId = headers['webhook-id'];
    try {
      const webhook = await Webhook.verify(this.options.webhookSecret, rawBody, headers);
      const data = (webhook as { data?: { paymentId?: unknown } }).data;
      return {
        webhookId: String(webhookId),
        type: String(webhook.type),
        paymentId: typeof data?.paymentId === 'string' ? data.paymentId : null,
      };
    } catch (error) {
      const reason = error instanceof Webhook.WebhookVerificationError ? error.reason : 'INVALID_BODY';
      this.logger.warn(`refused a webhook that does not verify: ${reason}`);
      throw new WebhookRefusedError(reason);
    }
  }
}
