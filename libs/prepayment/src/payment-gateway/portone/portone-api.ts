import { Logger } from '@nestjs/common';
import { Payment, PaymentClient } from '@portone/server-sdk';
import { PaymentGatewayUnavailableError } from '../gateway-errors';
import type { PortOneOptions } from './portone-options';

/** The part of PortOne's payment (GET /payments/{paymentId}) that goodpay reads. */
export type PortOnePayment = Payment.Payment;
export type PortOneCancellation = Payment.PaymentCancellation;

/**
 * PortOne's V2 payment API through its official server SDK (`@portone/server-sdk`), which
 * follows https://developers.portone.io/api/rest-v2/payment: GET /payments/{paymentId} and
 * POST /payments/{paymentId}/cancel, authenticated by `Authorization: PortOne <API secret>`,
 * errors as `{ type, message }` (PAYMENT_NOT_FOUND, CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN, ...).
 * What cannot be asked now (network, 5xx, an answer that is not the API's) becomes
 * PaymentGatewayUnavailableError; the API's own refusals stay the SDK's errors.
 */
export class PortOneApi {
  private readonly logger = new Logger('PortOne');
  private readonly client: PaymentClient;

  constructor(readonly options: PortOneOptions) {
    this.client = PaymentClient({ secret: options.apiSecret, baseUrl: options.apiBase, storeId: options.storeId });
  }

  /** The payment, or null when PortOne knows no payment of that id in the store. */
  async payment(paymentId: string): Promise<PortOnePayment | null> {
    try {
      return await this.client.getPayment({ paymentId, storeId: this.options.storeId });
    } catch (error) {
      if (error instanceof Payment.GetPaymentError && error.data.type === 'PAYMENT_NOT_FOUND') return null;
      throw this.unavailableOr(error, 'GET /payments/{paymentId}');
    }
  }

  /** Cancels `amount` of the payment, only if `currentCancellableAmount` is still what is left to cancel. */
  async cancel(request: {
    paymentId: string;
    amount: number;
    reason: string;
    currentCancellableAmount: number;
  }): Promise<PortOneCancellation> {
    try {
      const answer = await this.client.cancelPayment({ ...request, storeId: this.options.storeId, requester: 'ADMIN' });
      return answer.cancellation;
    } catch (error) {
      throw this.unavailableOr(error, 'POST /payments/{paymentId}/cancel');
    }
  }

  /**
   * The API's refusals (a RestError with a known `type`) are answers; anything else means it
   * could not be asked: a refused connection, a timeout, a 5xx page that is not JSON.
   */
  private unavailableOr(error: unknown, call: string): Error {
    const type = (error as { data?: { type?: unknown } }).data?.type;
    if (error instanceof Payment.PaymentError && typeof type === 'string' && type !== 'PG_PROVIDER') {
      this.logger.warn(`PortOne refused ${call}: ${type}`);
      return error;
    }
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`PortOne could not be asked (${call}): ${reason}`);
    return new PaymentGatewayUnavailableError(`the payment gateway could not be asked: ${reason}`);
  }
}
