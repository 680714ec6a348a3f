import type { DomainEvent } from '@goodpay/event-store';

/**
 * One stream per shop: the settlement account it is paid to. It lives in the settlement
 * context, not the merchant's: the account exists only to pay settlements, the payout files
 * read it beside the payouts, and the merchant's public views never come near bank details.
 */
export const payoutAccountStream = (merchantId: string): string => `payout-account-${merchantId}`;

/**
 * The shop's owner registered (or replaced) its settlement account. The account number and
 * holder name are sealed in the personal-data vault under the owner's subject (a sole
 * proprietor's account is personal data); the event carries the bank, masks and ciphertext.
 */
export type PayoutAccountRegistered = DomainEvent<
  'PayoutAccountRegistered',
  {
    merchantId: string;
    accountId: string;
    bankCode: string;
    accountNumberMasked: string;
    holderNameMasked: string;
    /** The vault subject the fields are sealed under: the shop owner's user id. */
    subjectId: string;
    /** `{ accountNumber, holderName }`, sealed. */
    sealed: string;
    registeredBy: string;
    registeredAt: string;
  }
>;

/**
 * The account-holder check confirmed the account exists and its holder is the shop (the rule
 * in holder-name.ts). No payout goes to an account without it.
 */
export type PayoutAccountVerified = DomainEvent<
  'PayoutAccountVerified',
  { merchantId: string; accountId: string; checkedBy: string; verifiedAt: string }
>;

export type PayoutAccountEvent = PayoutAccountRegistered | PayoutAccountVerified;

const payoutAccountEventTypes: Record<PayoutAccountEvent['type'], true> = { PayoutAccountRegistered: true, PayoutAccountVerified: true };
export const PAYOUT_ACCOUNT_EVENT_TYPES = Object.keys(payoutAccountEventTypes) as PayoutAccountEvent['type'][];
