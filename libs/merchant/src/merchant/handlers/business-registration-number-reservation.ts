import { type AppendRequest, type DomainEvent, EventStore, WrongExpectedVersionError } from '@goodpay/event-store';
import { RuleViolationError } from '@goodpay/shared';

/**
 * A business registration number is registered once. The merchant decider sees one shop's
 * stream and cannot know the others, so the number is claimed by creating a stream named
 * after it, in the same transaction as the shop's registration: of two concurrent claims,
 * one append fails on 'no_stream' and nothing of it is stored. The claim is kept when a shop
 * is rejected or closed: the number stays its history's.
 */
export type BusinessRegistrationNumberReserved = DomainEvent<
  'BusinessRegistrationNumberReserved',
  { businessRegistrationNumber: string; merchantId: string }
>;

/** `merchant_brn-` rather than `merchant-`: the stream type is the id up to the first '-'. */
export const businessRegistrationNumberStream = (digits: string): string => `merchant_brn-${digits}`;

export const reserveBusinessRegistrationNumber = (digits: string, merchantId: string): AppendRequest => ({
  streamId: businessRegistrationNumberStream(digits),
  expectedVersion: 'no_stream',
  events: [
    {
      type: 'BusinessRegistrationNumberReserved',
      data: { businessRegistrationNumber: digits, merchantId },
    } satisfies BusinessRegistrationNumberReserved,
  ],
});

const numberTaken = (digits: string) =>
  new RuleViolationError('business_registration_number_taken', `business registration number ${digits} is already registered`, {
    businessRegistrationNumber: digits,
  });

/** Refuses early when the number was claimed before; the append still guards the race. */
export async function refuseTakenNumber(store: EventStore, digits: string): Promise<void> {
  const { version } = await store.readStream(businessRegistrationNumberStream(digits));
  if (version > 0) throw numberTaken(digits);
}

/** A lost race for the number's stream is the number being taken, not a conflict to retry. */
export function numberTakenIfClaimLost(error: unknown, digits: string): unknown {
  return error instanceof WrongExpectedVersionError && error.streamId === businessRegistrationNumberStream(digits)
    ? numberTaken(digits)
    : error;
}
