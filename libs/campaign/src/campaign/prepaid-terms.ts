import { InvalidInputError } from '@goodpay/shared';
import { oneOf } from '@goodpay/shared';

/**
 * What a campaign promises its prepayers beyond the standard terms' floor (DOMAIN.md, the Fair
 * Trade Commission's standard terms for prepaid certificates): how long a prepayment stays
 * usable, whether it may still be used after the campaign ends, and how prepayers of a shop
 * that closes or is suspended are compensated. Fixed when the campaign is created: every
 * prepayment's expiry is stamped from it when paid.
 */
export interface PrepaidTerms {
  /** Days a prepayment stays usable after its purchase day (the purchase day not counted). */
  validityDays: number;
  /** After the campaign ends, a holder may keep using the balance (else only a refund is offered). */
  keepAfterCampaignEnd: boolean;
  shopClosure: ShopClosureCompensation;
}

export const SHOP_CLOSURE_APPROVALS = ['automatic', 'staff'] as const;
export type ShopClosureApproval = (typeof SHOP_CLOSURE_APPROVALS)[number];

/** Jeonju compensated prepayers of a shop that closed before the balance was used. */
export interface ShopClosureCompensation {
  /** Share of the remaining balance refunded (1..100); the 7-day full refund still applies where it holds. */
  refundPercent: number;
  /** The refunds are approved at once by the system, or wait for campaign staff. */
  approval: ShopClosureApproval;
}

/** The shortest validity a campaign may give: the standard terms announce an expiry 30 days ahead. */
export const MIN_VALIDITY_DAYS = 30;
/** Five years, the standard terms' validity for a certificate of an amount of money. */
export const MAX_VALIDITY_DAYS = 5 * 365;

export const DEFAULT_PREPAID_TERMS: PrepaidTerms = {
  validityDays: MAX_VALIDITY_DAYS,
  keepAfterCampaignEnd: true,
  shopClosure: { refundPercent: 100, approval: 'automatic' },
};

/** The defaults with what is given, checked; events written before terms existed fold to the defaults. */
export function validPrepaidTerms(given: PartialPrepaidTerms | undefined): PrepaidTerms {
  const terms = {
    ...DEFAULT_PREPAID_TERMS,
    ...definedOnly(given ?? {}),
    shopClosure: { ...DEFAULT_PREPAID_TERMS.shopClosure, ...definedOnly(given?.shopClosure ?? {}) },
  };
  const whole = (value: unknown, min: number, max: number, field: string): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidInputError(`${field} must be a whole number from ${min} to ${max}`, { field, value }, 'invalid_prepaid_terms');
    }
    return value;
  };
  if (typeof terms.keepAfterCampaignEnd !== 'boolean') {
    throw new InvalidInputError(
      'prepaidTerms.keepAfterCampaignEnd must be true or false',
      { field: 'prepaidTerms.keepAfterCampaignEnd' },
      'invalid_prepaid_terms',
    );
  }
  return {
    validityDays: whole(terms.validityDays, MIN_VALIDITY_DAYS, MAX_VALIDITY_DAYS, 'prepaidTerms.validityDays'),
    keepAfterCampaignEnd: terms.keepAfterCampaignEnd,
    shopClosure: {
      refundPercent: whole(terms.shopClosure.refundPercent, 1, 100, 'prepaidTerms.shopClosure.refundPercent'),
      approval: oneOf(terms.shopClosure.approval, SHOP_CLOSURE_APPROVALS, 'prepaidTerms.shopClosure.approval'),
    },
  };
}

export type PartialPrepaidTerms = Partial<Omit<PrepaidTerms, 'shopClosure'>> & { shopClosure?: Partial<ShopClosureCompensation> };

const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
