import { Injectable } from '@nestjs/common';
import type { Krw } from '@goodpay/shared';

/** What the provider says of a payment: confirmed only for this reference and this amount. */
export type PaymentCheck = 'confirmed' | 'unconfirmed';

/**
 * The port through which the server confirms a platform payment with its provider, never on the
 * client's word (DESIGN: "the server confirms it with the provider"). The payment gateway's
 * adapter (PortOne, issue 11) implements it; until then the built-ins below, chosen by
 * PAYMENT_CONFIRMATIONS. A payment the port does not confirm waits for campaign staff, who
 * reconcile it with the provider's statement (ConfirmPayment).
 */
export abstract class PaymentConfirmations {
  abstract confirm(provider: string, externalReference: string, amount: Krw): Promise<PaymentCheck>;
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

export const PAYMENT_CONFIRMATION_MODES = ['office', 'sandbox'] as const;
export type PaymentConfirmationMode = (typeof PAYMENT_CONFIRMATION_MODES)[number];

export const paymentConfirmationsFor = (mode: PaymentConfirmationMode): PaymentConfirmations =>
  mode === 'sandbox' ? new SandboxPayments() : new OfficeReconciliation();
