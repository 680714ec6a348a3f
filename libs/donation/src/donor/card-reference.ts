import { InvalidInputError } from '@goodpay/shared';

const CARD_SHAPE = /^[0-9][0-9 -]{2,30}[0-9]$/;

/**
 * The local-currency card a cashback came from, kept as its last four digits only: a card
 * number is personal data, so the full number never reaches an event, a read model or a log.
 * Accepts the full number (spaces and dashes allowed) or just its last four digits.
 */
export function cardLast4(reference: unknown): string {
  const digits = typeof reference === 'string' && CARD_SHAPE.test(reference.trim()) ? reference.replace(/[ -]/g, '') : '';
  if (digits.length !== 4 && (digits.length < 12 || digits.length > 19)) {
    throw new InvalidInputError(
      'the card reference must be the card number (12 to 19 digits) or its last 4 digits',
      { field: 'cardReference' },
      'invalid_card_reference',
    );
  }
  return digits.slice(-4);
}

/** The card as shown to people: `****-1234`. */
export const maskedCard = (last4: string): string => `****-${last4}`;
