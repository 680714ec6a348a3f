import { Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, metadataOf, WrongExpectedVersionError } from '@goodpay/event-store';
import { NotFoundError, RuleViolationError, SYSTEM_ACTOR } from '@goodpay/shared';
import { prepaymentDecider } from '../../prepayment/decider';
import { prepaymentStream } from '../../prepayment/events';
import { PaymentWebhooks } from '../payment-gateway';
import { PORTONE_PROVIDER } from '../portone/portone-options';
import { type VerifiedWebhook, WebhookReplayedError } from '../portone/portone-webhooks';
import { paymentWebhookStream, webhookReceipt } from '../webhook-receipts';
import { GatewayPaymentRecorder } from './gateway-payment-recorder';

export interface WebhookAnswer {
  webhookId: string;
  /** recorded: the payment made its order; reported: a cancellation, logged; ignored: nothing for goodpay. */
  outcome: 'recorded' | 'reported' | 'ignored';
}

export class HandlePaymentWebhookCommand extends Command<WebhookAnswer> {
  constructor(
    readonly correlationId: string,
    /** The body exactly as received: the signature is over these bytes. */
    readonly rawBody: string,
    readonly headers: Record<string, string | string[] | undefined>,
  ) {
    super();
  }
}

const PAID = 'Transaction.Paid';
const CANCELLATIONS = new Set(['Transaction.Cancelled', 'Transaction.PartialCancelled']);

/**
 * PortOne's webhooks (https://developers.portone.io/opi/ko/integration/webhook/readme-v2):
 * verified by their Standard Webhooks signature over the raw body, refused when replayed, and
 * never believed for what they say: a Transaction.Paid only makes the server ask the gateway
 * about the payment (a late payment, after the payer left the checkout); a cancellation is
 * reported in the log (the refund job records goodpay's own; any other needs the office).
 */
@CommandHandler(HandlePaymentWebhookCommand)
export class HandlePaymentWebhookHandler implements ICommandHandler<HandlePaymentWebhookCommand> {
  private readonly logger = new Logger('PaymentWebhooks');

  constructor(
    private readonly webhooks: PaymentWebhooks,
    private readonly store: EventStore,
    private readonly recorder: GatewayPaymentRecorder,
  ) {}

  async execute({ correlationId, rawBody, headers }: HandlePaymentWebhookCommand): Promise<WebhookAnswer> {
    const verifier = this.webhooks.verifier;
    if (verifier === null) throw new NotFoundError('payment_webhook_route', 'portone');
    const webhook = await verifier.verify(rawBody, headers);
    const streamId = paymentWebhookStream(PORTONE_PROVIDER, webhook.webhookId);
    if ((await this.store.readStream(streamId)).version > 0) {
      this.logger.warn(`refused webhook ${webhook.webhookId} (${webhook.type}): already handled`);
      throw new WebhookReplayedError(webhook.webhookId);
    }
    const context = { actor: SYSTEM_ACTOR, correlationId };
    const prepaymentId = webhook.paymentId === null ? null : await this.recorder.orderOfPayment(PORTONE_PROVIDER, webhook.paymentId);
    const receipt = webhookReceipt({
      provider: PORTONE_PROVIDER,
      webhookId: webhook.webhookId,
      type: webhook.type,
      paymentId: webhook.paymentId,
      prepaymentId,
    });
    if (webhook.type === PAID && prepaymentId !== null) {
      const { response } = await this.recorder.recordIfPaid(context, prepaymentId, { streamId, receipt });
      if (response.status === 'awaiting_payment') {
        // The webhook says paid, the gateway does not (yet): no receipt, so the gateway's retry asks again.
        throw new RuleViolationError('payment_not_paid', `the gateway does not report payment ${webhook.paymentId} as paid`);
      }
      this.logger.log(`webhook ${webhook.webhookId}: the payment of order ${prepaymentId} is confirmed`);
      return { webhookId: webhook.webhookId, outcome: 'recorded' };
    }
    if (CANCELLATIONS.has(webhook.type) && prepaymentId !== null) await this.reportCancellation(webhook, prepaymentId);
    else this.logger.log(`webhook ${webhook.webhookId} (${webhook.type}) concerns no goodpay order: ignored`);
    await this.store.append([receipt], metadataOf(context)).catch((error: unknown) => {
      throw error instanceof WrongExpectedVersionError ? new WebhookReplayedError(webhook.webhookId) : error;
    });
    return { webhookId: webhook.webhookId, outcome: prepaymentId !== null && CANCELLATIONS.has(webhook.type) ? 'reported' : 'ignored' };
  }

  /** goodpay's own refund is recorded by its job; a cancellation made elsewhere leaves a prepayment the office must look at. */
  private async reportCancellation(webhook: VerifiedWebhook, prepaymentId: string): Promise<void> {
    const { state } = await this.store.aggregate(prepaymentStream(prepaymentId), prepaymentDecider);
    const refund = state.status === 'none' ? null : state.refund;
    if (refund !== null) {
      this.logger.log(`webhook ${webhook.webhookId}: the gateway reports the cancellation of refunded prepayment ${prepaymentId}`);
    } else {
      this.logger.warn(
        `webhook ${webhook.webhookId}: prepayment ${prepaymentId}'s payment was cancelled at the gateway without a refund in goodpay; the office must reconcile it`,
      );
    }
  }
}
