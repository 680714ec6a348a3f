import type { AppendRequest, DomainEvent } from '@goodpay/event-store';
import { samePaymentKey } from '../prepayment/handlers/reservations';

/**
 * A gateway webhook handled, named by its id (Standard Webhooks' `webhook-id`): the stream is
 * created in the same transaction as what the webhook changed, so the same webhook sent again (a
 * replay inside the signature's time window) finds it and is refused, changing nothing. A
 * webhook whose handling failed left no receipt: the gateway's own retry is handled normally.
 */
export const PAYMENT_WEBHOOK_RECEIVED = 'PaymentWebhookReceived';
export type PaymentWebhookReceived = DomainEvent<
  typeof PAYMENT_WEBHOOK_RECEIVED,
  { provider: string; webhookId: string; type: string; paymentId: string | null; prepaymentId: string | null }
>;

export const paymentWebhookStream = (provider: string, webhookId: string): string =>
  `payment_webhook-${encodeURIComponent(samePaymentKey(provider))}:${encodeURIComponent(webhookId)}`;

export const webhookReceipt = (data: PaymentWebhookReceived['data']): AppendRequest => ({
  streamId: paymentWebhookStream(data.provider, data.webhookId),
  expectedVersion: 'no_stream',
  events: [{ type: PAYMENT_WEBHOOK_RECEIVED, data } satisfies PaymentWebhookReceived],
});
