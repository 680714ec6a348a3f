import {
  type PaymentConfirmationMode,
  PaymentConfirmations,
  paymentConfirmationsFor,
} from '../payment-confirmations/payment-confirmations';
import { GatewayRefunds, OfficeRefunds, SandboxRefunds } from './gateway-refunds';
import { PortOneApi } from './portone/portone-api';
import { PortOneConfirmations } from './portone/portone-confirmations';
import type { PortOneOptions } from './portone/portone-options';
import { PortOneRefunds } from './portone/portone-refunds';
import { PortOneWebhooks } from './portone/portone-webhooks';

/** Which gateway a process uses (PAYMENT_CONFIRMATIONS), with PortOne's credentials when it is PortOne. */
export type PaymentGatewaySettings = Exclude<PaymentConfirmationMode, 'portone'> | { mode: 'portone'; portone: PortOneOptions };

/** Optional: the webhooks of a gateway that sends them (PortOne); null for the built-ins. */
export abstract class PaymentWebhooks {
  abstract readonly verifier: PortOneWebhooks | null;
}

/** The three faces of one gateway: confirming payments, cancelling refunds, verifying its webhooks. */
export interface PaymentGateway {
  confirmations: PaymentConfirmations;
  refunds: GatewayRefunds;
  webhooks: PaymentWebhooks;
}

export function paymentGatewayFor(settings: PaymentGatewaySettings): PaymentGateway {
  if (typeof settings === 'object') {
    const api = new PortOneApi(settings.portone);
    return {
      confirmations: new PortOneConfirmations(api),
      refunds: new PortOneRefunds(api),
      webhooks: { verifier: new PortOneWebhooks(settings.portone) },
    };
  }
  return {
    confirmations: paymentConfirmationsFor(settings),
    refunds: settings === 'sandbox' ? new SandboxRefunds() : new OfficeRefunds(),
    webhooks: { verifier: null },
  };
}
