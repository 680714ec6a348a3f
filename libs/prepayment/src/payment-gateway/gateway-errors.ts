import { DomainError } from '@goodpay/shared';

/**
 * The payment gateway could not be asked now (down, timing out, answering 5xx): nothing was
 * decided, the client may ask again, and a refund job retries with backoff (503).
 */
export class PaymentGatewayUnavailableError extends DomainError {
  readonly status = 503;
  constructor(message: string) {
    super('payment_gateway_unavailable', message);
  }
}
