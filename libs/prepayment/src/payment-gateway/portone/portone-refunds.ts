import { Logger } from '@nestjs/common';
import { PaymentGatewayUnavailableError } from '../gateway-errors';
import { type GatewayCancellation, type GatewayRefundRequest, GatewayRefunds } from '../gateway-refunds';
import type { PortOneApi, PortOneCancellation } from './portone-api';
import { PORTONE_PROVIDER } from './portone-options';
import { samePaymentKey } from '../../prepayment/handlers/reservations';

/** The cancellation's reason names the refund: how a retry recognises the cancellation it already made. */
export const cancellationReasonOf = (refundId: string): string => `goodpay ${refundId}`;

/**
 * Returns a refund by cancelling the PortOne payment (POST /payments/{paymentId}/cancel,
 * https://developers.portone.io/api/rest-v2/payment), fully or in part. PortOne's cancel is not
 * idempotent by itself, so a refund is cancelled at most once by:
 * - reading the payment first and looking among its `cancellations` for one whose reason names
 *   this refund: a cancellation made before a crash or a lost answer is found, not repeated;
 * - sending `currentCancellableAmount` (what was left to cancel when it read): if anything was
 *   cancelled in between (a twin job), PortOne refuses (CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN)
 *   and the retry reads again and finds it.
 * The refund itself (PrepaymentRefunded) is recorded before this runs: the intent comes first.
 */
export class PortOneRefunds extends GatewayRefunds {
  private readonly logger = new Logger('PortOneRefunds');

  constructor(private readonly api: PortOneApi) {
    super();
  }

  handles(provider: string): boolean {
    return samePaymentKey(provider) === PORTONE_PROVIDER;
  }

  async cancel({ paymentId, refundId, amount }: GatewayRefundRequest): Promise<GatewayCancellation> {
    const reason = cancellationReasonOf(refundId);
    const payment = await this.api.payment(paymentId);
    if (payment === null || !('amount' in payment)) throw new Error(`PortOne knows no payment ${paymentId} to cancel`);
    const earlier = (('cancellations' in payment && payment.cancellations) || []).find(
      (cancellation) => 'reason' in cancellation && cancellation.reason === reason && cancellation.status !== 'FAILED',
    );
    if (earlier !== undefined) {
      this.logger.log(`refund ${refundId} was already cancelled at PortOne (${String(earlier.status)}): not cancelling again`);
      return this.finished(earlier, refundId);
    }
    const currentCancellableAmount = payment.amount.total - payment.amount.cancelled;
    return this.finished(await this.api.cancel({ paymentId, amount, reason, currentCancellableAmount }), refundId);
  }

  /** A succeeded cancellation; one still REQUESTED at the card company is asked about again later. */
  private finished(cancellation: PortOneCancellation, refundId: string): GatewayCancellation {
    if (cancellation.status === 'SUCCEEDED') {
      return {
        cancellationId: cancellation.id,
        pgCancellationId: cancellation.pgCancellationId ?? null,
        amount: cancellation.totalAmount,
        cancelledAt: cancellation.cancelledAt ?? cancellation.requestedAt,
      };
    }
    if (cancellation.status === 'REQUESTED')
      throw new PaymentGatewayUnavailableError(`the cancellation of refund ${refundId} is still pending at the gateway`);
    throw new Error(`PortOne did not cancel refund ${refundId}: ${String(cancellation.status)}`);
  }
}
