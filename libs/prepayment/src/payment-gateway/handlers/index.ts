export * from './gateway-payment-recorder';
export * from './check-gateway-payment.handler';
export * from './payment-webhook.handler';
export * from './record-counter-refund.handler';

import { CheckGatewayPaymentHandler } from './check-gateway-payment.handler';
import { GatewayPaymentRecorder } from './gateway-payment-recorder';
import { HandlePaymentWebhookHandler } from './payment-webhook.handler';
import { RecordCounterRefundHandler } from './record-counter-refund.handler';

/** The gateway's commands, and the recorder the payer's check and the webhook share. */
export const GATEWAY_COMMAND_HANDLERS = [
  GatewayPaymentRecorder,
  CheckGatewayPaymentHandler,
  HandlePaymentWebhookHandler,
  RecordCounterRefundHandler,
];
