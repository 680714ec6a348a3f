import { Injectable } from '@nestjs/common';
import type { Krw } from '@goodpay/shared';

/**
 * What the provider says of a payment: confirmed only for this reference and this amount;
 * unconfirmed while it is not paid (or unknown); a mismatch when it is paid but not as ordered
 * (another amount, currency or store): refused and logged, never made.
 */
export type PaymentCheck = 'confirmed' | 'unconfirmed' | PaymentMismatch;

export interface PaymentMismatch {
  mismatch: 'amount' | 'currency' | 'store';
  expected: string | number;
  actual: string | number;
}

export const isPaymentMismatch = (check: PaymentCheck): check is PaymentMismatch => typeof check === 'object';

/**
 * What the front end needs to pay an order through a payment gateway's checkout: the gateway
 * names its payments by ids the merchant chooses, and goodpay chooses the order's own.
 */
export interface GatewayCheckout {
  provider: string;
  storeId: string;
  /** The gateway's payment id: the prepayment's id, so a payment belongs to one order by its name. */
  paymentId: string;
  orderName: string;
  totalAmount: Krw;
  currency: 'KRW';
}

/**
 * The port through which the server confirms a platform payment with its provider, never on the
 * client's word (DESIGN: "the server confirms it with the provider"). The payment gateway's
 * adapter (PortOne, issue 11) implements it; until then the built-ins below, chosen by
 * PAYMENT_CONFIRMATIONS. A payment the port does not confirm waits for campaign staff, who
 * reconcile it with the provider's statement (ConfirmPayment).
 */
export abstract class PaymentConfirmations {
  abstract confirm(provider: string, externalReference: string, amount: Krw): Promise<PaymentCheck>;

  /**
   * A gateway that names the order's payment itself (PortOne): the checkout the front end pays
   * through. Null for the built-ins, where the payer names the payment they made.
   */
  checkoutFor(_order: { prepaymentId: string; amount: Krw }): GatewayCheckout | null {
    return null;
  }
}

/** Production until the gateway adapter lands: nothing is confirmed automatically; the office reconciles. */
@Injectable()
export class OfficeReconciliation extends PaymentConfirmations {
  async confirm(): Promise<PaymentCheck> {
    return 'unconfirmed';
  }
}

/** The provider name the sandbox built-in answers for: no real provider has it. */
export const SANDBOX_PROVIDER = 'sandbox';

/**
 * Development only (refused in production): a pretend provider whose every payment is paid, so
 * a local client can prepay on the platform without a gateway. Other providers' payments
 * still wait for the office, as in production.
 */
@Injectable()
export class SandboxPayments extends PaymentConfirmations {
  async confirm(provider: string): Promise<PaymentCheck> {
    return provider.normalize('NFKC').toLowerCase() === SANDBOX_PROVIDER ? 'confirmed' : 'unconfirmed';
  }
}

/** `portone`: the PortOne gateway (payment-gateway/portone), built by the module with its credentials. */
export const PAYMENT_CONFIRMATION_MODES = ['office', 'sandbox', 'portone'] as const;
export type PaymentConfirmationMode = (typeof PAYMENT_CONFIRMATION_MODES)[number];

export const paymentConfirmationsFor = (mode: Exclude<PaymentConfirmationMode, 'portone'>): PaymentConfirmations =>
  mode === 'sandbox' ? new SandboxPayments() : new OfficeReconciliation();
