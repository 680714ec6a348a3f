import type { AppendRequest, DomainEvent } from '@goodpay/event-store';
import { WrongExpectedVersionError } from '@goodpay/event-store';
import { RuleViolationError } from '@goodpay/shared';

/**
 * Uniqueness across streams, race-free: a value is claimed by creating a stream named after
 * it, in the same transaction as the events that use it. A second claim finds the stream and
 * fails the whole append. The stream also answers "who holds this value" without a projection.
 */
export const PREPAYMENT_CODE_ASSIGNED = 'PrepaymentCodeAssigned';
export const PAYMENT_CONFIRMATION_RECORDED = 'PaymentConfirmationRecorded';

export type PrepaymentCodeAssigned = DomainEvent<typeof PREPAYMENT_CODE_ASSIGNED, { code: string; prepaymentId: string }>;
export type PaymentConfirmationRecorded = DomainEvent<
  typeof PAYMENT_CONFIRMATION_RECORDED,
  { provider: string; externalReference: string; prepaymentId: string }
>;

export const prepaymentCodeStream = (code: string): string => `prepayment_code-${code}`;

/**
 * One payment, however it is spelt: Unicode compatibility forms (full-width letters), case
 * (full case folding: upper, then lower, so 'ß' and 'SS' meet) and invisible characters (zero
 * width spaces) do not make a second reference. `TOSS/fake-1` and `ｔｏｓｓ/FAKE-1` are one.
 */
export function samePaymentKey(text: string): string {
  const folded = text
    .normalize('NFKC')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .toUpperCase()
    .toLowerCase();
  return folded.normalize('NFKC').trim();
}

export const paymentConfirmationStream = (provider: string, externalReference: string): string =>
  `payment_confirmation-${encodeURIComponent(samePaymentKey(provider))}:${encodeURIComponent(samePaymentKey(externalReference))}`;

export const claimCode = (code: string, prepaymentId: string): AppendRequest => ({
  streamId: prepaymentCodeStream(code),
  expectedVersion: 'no_stream',
  events: [{ type: PREPAYMENT_CODE_ASSIGNED, data: { code, prepaymentId } } satisfies PrepaymentCodeAssigned],
});

export const claimPaymentConfirmation = (provider: string, externalReference: string, prepaymentId: string): AppendRequest => ({
  streamId: paymentConfirmationStream(provider, externalReference),
  expectedVersion: 'no_stream',
  events: [
    { type: PAYMENT_CONFIRMATION_RECORDED, data: { provider, externalReference, prepaymentId } } satisfies PaymentConfirmationRecorded,
  ],
});

/** A payment confirmation used twice is a client error, not a race to retry. */
export function refuseReusedConfirmation(error: unknown): never {
  if (error instanceof WrongExpectedVersionError && error.streamId.startsWith('payment_confirmation-')) {
    throw new RuleViolationError('payment_already_recorded', 'this payment confirmation already paid for a prepayment', {
      streamId: error.streamId,
    });
  }
  throw error;
}
