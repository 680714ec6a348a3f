import { Logger } from '@nestjs/common';
import type { Krw } from '@goodpay/shared';
import { type GatewayCheckout, type PaymentCheck, PaymentConfirmations } from '../../payment-confirmations/payment-confirmations';
import { samePaymentKey } from '../../prepayment/handlers/reservations';
import type { PortOneApi } from './portone-api';
import { PORTONE_PROVIDER } from './portone-options';

/**
 * PAYMENT_CONFIRMATIONS=portone. goodpay names each order's PortOne payment itself (its id is
 * the prepayment's, `checkoutFor`), the front end pays it through PortOne's checkout, and the
 * server then fetches the payment by id (GET /payments/{paymentId},
 * https://developers.portone.io/api/rest-v2/payment) and believes it only when it is PAID, in
 * won, in goodpay's store and for the order's amount. Payments of other providers wait for the
 * office, as before.
 */
export class PortOneConfirmations extends PaymentConfirmations {
  private readonly logger = new Logger('PortOnePayments');

  constructor(private readonly api: PortOneApi) {
    super();
  }

  async confirm(provider: string, paymentId: string, amount: Krw): Promise<PaymentCheck> {
    if (samePaymentKey(provider) !== PORTONE_PROVIDER) return 'unconfirmed';
    const payment = await this.api.payment(paymentId);
    // READY, PAY_PENDING, FAILED, CANCELLED, ...: not paid, or no longer.
    if (payment === null || payment.status !== 'PAID' || payment.id !== paymentId) return 'unconfirmed';
    const { storeId } = this.api.options;
    const mismatch: PaymentCheck | null =
      payment.storeId !== storeId
        ? { mismatch: 'store', expected: storeId, actual: payment.storeId }
        : payment.currency !== 'KRW'
          ? { mismatch: 'currency', expected: 'KRW', actual: String(payment.currency) }
          : payment.amount.total !== amount
            ? { mismatch: 'amount', expected: amount, actual: payment.amount.total }
            : null;
    if (mismatch === null) return 'confirmed';
    // Paid, but not what was ordered: a tampered checkout, or a mistake. Refused, kept for the office.
    this.logger.warn(
      `PortOne payment ${paymentId} does not match its order: ${mismatch.mismatch} ${mismatch.expected} != ${mismatch.actual}`,
    );
    return mismatch;
  }

  override checkoutFor({ prepaymentId, amount }: { prepaymentId: string; amount: Krw }): GatewayCheckout {
    return {
      provider: PORTONE_PROVIDER,
      storeId: this.api.options.storeId,
      paymentId: prepaymentId,
      // Never the code: it redeems the prepayment, and the order name shows on card statements.
      orderName: 'goodpay prepayment',
      totalAmount: amount,
      currency: 'KRW',
    };
  }
}
