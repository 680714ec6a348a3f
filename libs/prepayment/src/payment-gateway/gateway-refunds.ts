import { Injectable } from '@nestjs/common';
import type { Krw } from '@goodpay/shared';
import { SANDBOX_PROVIDER } from '../payment-confirmations/payment-confirmations';

/** A refund to return through the gateway: cancel `amount` of the payment, once for `refundId`. */
export interface GatewayRefundRequest {
  provider: string;
  paymentId: string;
  refundId: string;
  amount: Krw;
}

/** The gateway's cancellation, as it answered it. */
export interface GatewayCancellation {
  cancellationId: string;
  pgCancellationId: string | null;
  amount: Krw;
  cancelledAt: string;
}

/**
 * The port through which a refunded platform payment is cancelled at its gateway. `cancel` must
 * be safe to call again for the same refund (after a crash, a timeout, a retry): it returns the
 * cancellation made the first time rather than cancelling twice.
 */
export abstract class GatewayRefunds {
  /** Whether this gateway holds the payments of `provider` (others are returned by the office, by hand). */
  abstract handles(provider: string): boolean;
  abstract cancel(request: GatewayRefundRequest): Promise<GatewayCancellation>;
}

/** Production without a gateway (PAYMENT_CONFIRMATIONS=office): the office returns platform refunds by hand. */
@Injectable()
export class OfficeRefunds extends GatewayRefunds {
  handles(): boolean {
    return false;
  }

  cancel(request: GatewayRefundRequest): Promise<GatewayCancellation> {
    return Promise.reject(new Error(`no gateway cancels payments of ${request.provider}`));
  }
}

/**
 * Development only, beside SandboxPayments: the sandbox provider's payments are "cancelled" at
 * once. Its cancellation id derives from the refund, so asking again answers the same.
 */
@Injectable()
export class SandboxRefunds extends GatewayRefunds {
  handles(provider: string): boolean {
    return provider.normalize('NFKC').toLowerCase() === SANDBOX_PROVIDER;
  }

  async cancel({ refundId, amount }: GatewayRefundRequest): Promise<GatewayCancellation> {
    return { cancellationId: `sandbox-${refundId}`, pgCancellationId: null, amount, cancelledAt: new Date().toISOString() };
  }
}
