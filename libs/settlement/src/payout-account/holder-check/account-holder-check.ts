import { DomainError } from '@goodpay/shared';
import type { HolderCheckAnswer } from '../decider';

export interface HolderInquiry {
  bankCode: string;
  /** Digits only. */
  accountNumber: string;
  /** What the owner typed; only the recording check uses it (to answer like a bank would). */
  declaredHolderName: string;
}

/**
 * Asks a bank-data provider whose an account is (예금주 조회). Answers the holder name the
 * bank has, or not found; throws AccountHolderCheckUnavailableError when the provider cannot
 * answer (the registration is refused as a whole and may be sent again).
 */
export abstract class AccountHolderCheck {
  abstract readonly name: string;
  abstract lookUp(inquiry: HolderInquiry): Promise<HolderCheckAnswer>;
}

/** The provider is down or refused our credentials: 503, nothing recorded, try again later. */
export class AccountHolderCheckUnavailableError extends DomainError {
  readonly status = 503;
  constructor(reason: string) {
    super('account_holder_check_unavailable', `the account-holder check could not answer: ${reason}`);
  }
}
